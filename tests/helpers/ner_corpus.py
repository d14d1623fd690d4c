"""A synthetic Arabic news corpus with gold entities, for the suggestion engines' tests and
``bench/bench_suggest.py --synthetic N``.

Sentences come from templates with slots for people, places and organisations; names get
proclitics glued to them (و ل ب ف: ``لواشنطن``, ``وبغداد``) with the gold span on the name only,
some are spelled another way (ة/ه, أ/ا, ى/ي), and a share of the names in later documents never
appear in earlier ones (a model must generalise from context, not memorise). Seeded: the same
``n`` and ``seed`` give the same corpus.
"""

from __future__ import annotations

import random

Doc = tuple[str, list[tuple[int, int, str]]]

PEOPLE = [
    "محمد بن سلمان",
    "عبد الله الثاني",
    "أحمد أبو الغيط",
    "مصطفى الكاظمي",
    "نجيب ميقاتي",
    "رجب طيب أردوغان",
    "إيمانويل ماكرون",
    "جو بايدن",
    "فلاديمير بوتين",
    "أنطونيو غوتيريش",
    "عبد الفتاح السيسي",
    "قيس سعيد",
    "بشار الأسد",
    "محمود عباس",
    "تميم بن حمد",
    "هادي العامري",
    "برهم صالح",
    "نبيه بري",
    "ميشال عون",
    "إسماعيل هنية",
    "علي خامنئي",
    "بنيامين نتنياهو",
    "عمرو موسى",
    "فؤاد حسين",
    "سامح شكري",
    "أيمن الصفدي",
    "فيصل بن فرحان",
    "عادل الجبير",
    "ليلى الشامي",
    "يوسف الخطيب",
    "كريم بنزيمة",
    "سعاد الحسيني",
    "خالد المشري",
    "وليد جنبلاط",
    "حسن نصر الله",
    "مقتدى الصدر",
    "إبراهيم رئيسي",
    "جواد ظريف",
    "ناصر بوريطة",
    "رمطان لعمامرة",
]
PLACES = [
    "واشنطن",
    "بريطانيا",
    "لبنان",
    "بغداد",
    "فرنسا",
    "كابول",
    "بيروت",
    "دمشق",
    "القاهرة",
    "عمان",
    "الرياض",
    "طهران",
    "أنقرة",
    "موسكو",
    "باريس",
    "لندن",
    "برلين",
    "الدوحة",
    "تونس",
    "الجزائر",
    "الخرطوم",
    "صنعاء",
    "طرابلس",
    "القدس",
    "غزة",
    "الموصل",
    "البصرة",
    "حلب",
    "إدلب",
    "أربيل",
    "كركوك",
    "الفلوجة",
    "بنغازي",
    "مصراتة",
    "الأردن",
    "العراق",
    "سوريا",
    "مصر",
    "ليبيا",
    "اليمن",
    "إيران",
    "تركيا",
    "روسيا",
    "الصين",
    "اليابان",
    "ألمانيا",
]
ORGS = [
    "الحكومة العراقية",
    "الأمم المتحدة",
    "جامعة الدول العربية",
    "حلف الناتو",
    "البنك الدولي",
    "صندوق النقد الدولي",
    "الاتحاد الأوروبي",
    "مجلس الأمن",
    "وزارة الخارجية",
    "وزارة الدفاع",
    "منظمة الصحة العالمية",
    "الصليب الأحمر",
    "حزب الله",
    "حركة حماس",
    "البرلمان العراقي",
    "مجلس التعاون الخليجي",
    "الجيش الأمريكي",
    "وكالة الأنباء الفرنسية",
    "رويترز",
    "الجزيرة",
    "منظمة أوبك",
    "الحشد الشعبي",
    "مجلس النواب",
    "المحكمة الدولية",
    "الاتحاد الأفريقي",
]

# {P} person, {L} place, {O} organisation; a clitic is put before a slot where "{c}" stands
TEMPLATES = [
    "قال {P} إن {O} ستعقد اجتماعا طارئا في {L} الأسبوع المقبل .",
    "وصل {P} إلى {L} في زيارة رسمية تستمر ثلاثة أيام .",
    "أعلنت {O} أن وفدا رفيعا سيتوجه {c}{L} لبحث الأزمة .",
    "التقى {P} {c}{P} على هامش القمة التي تستضيفها {L} .",
    "ذكرت {O} أن هجوما صاروخيا استهدف قاعدة قرب {L} مساء السبت .",
    "وأكد {P} أن العلاقات بين {L} {c}{L} تمر بمرحلة حساسة .",
    "دعت {O} إلى وقف إطلاق النار في {L} فورا .",
    "نقلت {O} عن مصادر مطلعة أن {P} سيزور {L} قريبا .",
    "وأضاف المتحدث باسم {O} أن المحادثات مع {P} كانت بناءة .",
    "تظاهر آلاف المواطنين في {L} احتجاجا على قرارات {O} .",
    "وقع {P} اتفاقية تعاون اقتصادي مع {O} في {L} .",
    "أفادت تقارير بأن {O} فرضت عقوبات جديدة على شركات في {L} .",
    "رحب {P} بقرار {O} الأخير بشأن {L} .",
    "وانتقد {P} موقف {O} من التطورات الأخيرة {c}{L} .",
    "استقبل {P} في مكتبه بالعاصمة وفدا من {O} .",
    "وصرح مسؤول في {O} بأن الوضع في {L} لا يزال متوترا .",
]
_CLITICS = ["و", "ل", "ب", "ف"]
_VARIANTS = {"ة": "ه", "أ": "ا", "إ": "ا", "ى": "ي"}


def _variant(name: str, rng: random.Random) -> str:
    if rng.random() < 0.15:
        for a, b in _VARIANTS.items():
            if a in name:
                return name.replace(a, b)
    return name


def make_corpus(n: int, seed: int = 12, unseen_share: float = 0.3) -> list[Doc]:
    """``n`` documents of one to three sentences, each with its gold spans ``(start, end,
    label)`` (labels ACTOR, PLACE, ORG). The last ``unseen_share`` of each name list is used
    only in the second half of the corpus."""
    rng = random.Random(seed)

    def pool(names: list[str], late: bool) -> list[str]:
        cut = int(len(names) * (1 - unseen_share))
        return names if late else names[:cut]

    docs: list[Doc] = []
    for d in range(n):
        late = d >= n // 2
        parts: list[str] = []
        spans: list[tuple[int, int, str]] = []
        pos = 0
        for _ in range(rng.randint(1, 3)):
            template = rng.choice(TEMPLATES)
            i = 0
            while i < len(template):
                if template.startswith("{c}", i):
                    clitic = rng.choice(_CLITICS)
                    parts.append(clitic)
                    pos += len(clitic)
                    i += 3
                    continue
                if template[i] == "{" and template[i + 2] == "}":
                    kind = template[i + 1]
                    names, label = {
                        "P": (PEOPLE, "ACTOR"),
                        "L": (PLACES, "PLACE"),
                        "O": (ORGS, "ORG"),
                    }[kind]
                    name = _variant(rng.choice(pool(names, late)), rng)
                    glued = i > 0 and template[i - 1] != " "
                    if not glued and rng.random() < 0.25:
                        clitic = rng.choice(_CLITICS)
                        parts.append(clitic)
                        pos += len(clitic)
                    spans.append((pos, pos + len(name), label))
                    parts.append(name)
                    pos += len(name)
                    i += 3
                    continue
                parts.append(template[i])
                pos += 1
                i += 1
            parts.append(" ")
            pos += 1
        text = "".join(parts).rstrip()
        docs.append((text, spans))
    return docs
