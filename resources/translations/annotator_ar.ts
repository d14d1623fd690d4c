<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementWindow</name>
    <message>
        <source>Cancelled. Press Refresh to compute the agreement.</source>
        <translation>أُلغي الحساب. اضغط «تحديث» لحساب الاتفاق.</translation>
    </message>
    <message>
        <source>The agreement could not be computed: %1</source>
        <translation>تعذّر حساب الاتفاق: %1</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>جارٍ الحساب…</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>فاتته</translation>
    </message>
    <message>
        <source>extra</source>
        <translation>زائدة</translation>
    </message>
    <message>
        <source>Spans matched by overlap</source>
        <translation>المقاطع المتطابقة بالتداخل</translation>
    </message>
    <message>
        <source>%1 (rows)</source>
        <translation>%1 (الصفوف)</translation>
    </message>
    <message>
        <source>%1 (columns)</source>
        <translation>%1 (الأعمدة)</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n difference(s), F1 %2</source>
        <translation>
            <numerusform>%1 — لا اختلافات، F1 %2</numerusform>
            <numerusform>%1 — اختلاف واحد، F1 %2</numerusform>
            <numerusform>%1 — اختلافان، F1 %2</numerusform>
            <numerusform>%1 — %n اختلافات، F1 %2</numerusform>
            <numerusform>%1 — %n اختلافًا، F1 %2</numerusform>
            <numerusform>%1 — %n اختلاف، F1 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>غير معرّف</translation>
    </message>
    <message>
        <source>Agreement needs spans by at least two annotators in this project.</source>
        <translation>يحتاج الاتفاق إلى مقاطع من مُعلِّمَين اثنين على الأقل في هذا المشروع.</translation>
    </message>
    <message>
        <source>Pick two different annotators.</source>
        <translation>اختر مُعلِّمَين مختلفين.</translation>
    </message>
    <message>
        <source>%1 documents finished by both · F1 exact %2 · F1 overlap %3 · Cohen&apos;s kappa %4 · Krippendorff&apos;s alpha %5</source>
        <translation>%1 مستندات أنهاها كلاهما · F1 المطابقة التامة %2 · F1 التداخل %3 · كابا كوهين %4 · ألفا كريبندورف %5</translation>
    </message>
    <message>
        <source>n/a: not defined on these documents (no spans, or every token has the same tag).</source>
        <translation>غير معرّف: لا يمكن حسابه على هذه المستندات (لا مقاطع، أو لكل الكلمات الوسم نفسه).</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>الاتفاق بين المُعلِّمين</translation>
    </message>
    <message>
        <source>Annotator A:</source>
        <translation>المُعلِّم أ:</translation>
    </message>
    <message>
        <source>Annotator B:</source>
        <translation>المُعلِّم ب:</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Documents, most disagreement first</source>
        <translation>المستندات، الأكثر اختلافًا أولًا</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>Delete span</source>
        <translation>حذف المقطع</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>نسخ</translation>
    </message>
</context>
<context>
    <name>DefinitionTab</name>
    <message>
        <source>Add</source>
        <translation>أضف</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>أزل</translation>
    </message>
</context>
<context>
    <name>DefinitionsDialog</name>
    <message>
        <source>Roles, relations and attributes</source>
        <translation>الأدوار والعلاقات والسمات</translation>
    </message>
    <message>
        <source>English</source>
        <translation>بالإنجليزية</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>بالعربية</translation>
    </message>
    <message>
        <source>Frame type</source>
        <translation>نوع الإطار</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>الدور</translation>
    </message>
    <message>
        <source>Filled by</source>
        <translation>يملؤه</translation>
    </message>
    <message>
        <source>role name</source>
        <translation>اسم الدور</translation>
    </message>
    <message>
        <source>filled by: ACTOR, frame:EVENT</source>
        <translation>يملؤه: ACTOR, frame:EVENT</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>العلاقة</translation>
    </message>
    <message>
        <source>From</source>
        <translation>من</translation>
    </message>
    <message>
        <source>To</source>
        <translation>إلى</translation>
    </message>
    <message>
        <source>relation name</source>
        <translation>اسم العلاقة</translation>
    </message>
    <message>
        <source>from labels (empty: any)</source>
        <translation>من التسميات (فارغ: أي تسمية)</translation>
    </message>
    <message>
        <source>to labels (empty: any)</source>
        <translation>إلى التسميات (فارغ: أي تسمية)</translation>
    </message>
    <message>
        <source>Attribute</source>
        <translation>السمة</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>القيم</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>تنطبق على</translation>
    </message>
    <message>
        <source>attribute name</source>
        <translation>اسم السمة</translation>
    </message>
    <message>
        <source>values (empty: a flag)</source>
        <translation>القيم (فارغ: علامة)</translation>
    </message>
    <message>
        <source>applies to: EVENT, frame:EVENT, *</source>
        <translation>تنطبق على: EVENT, frame:EVENT, *</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>الأدوار</translation>
    </message>
    <message>
        <source>Relation types</source>
        <translation>أنواع العلاقات</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>السمات</translation>
    </message>
    <message>
        <source>Remove it, and what uses it?</source>
        <translation>أتزيله مع ما يستخدمه؟</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message numerus="yes">
        <source>%n suggestion(s)</source>
        <translation>
            <numerusform>لا اقتراحات</numerusform>
            <numerusform>اقتراح واحد</numerusform>
            <numerusform>اقتراحان</numerusform>
            <numerusform>%n اقتراحات</numerusform>
            <numerusform>%n اقتراحًا</numerusform>
            <numerusform>%n اقتراح</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>خطأ غير متوقع</translation>
    </message>
    <message>
        <source>Something went wrong. Your work is saved and you can keep working.</source>
        <translation>حدث خطأ ما. عملك محفوظ ويمكنك متابعة العمل.</translation>
    </message>
    <message numerus="yes">
        <source>%n unexpected errors. Your work is saved and you can keep working.</source>
        <translation>
            <numerusform>لا أخطاء غير متوقعة.</numerusform>
            <numerusform>خطأ غير متوقع واحد. عملك محفوظ ويمكنك متابعة العمل.</numerusform>
            <numerusform>خطآن غير متوقعين. عملك محفوظ ويمكنك متابعة العمل.</numerusform>
            <numerusform>%n أخطاء غير متوقعة. عملك محفوظ ويمكنك متابعة العمل.</numerusform>
            <numerusform>%n خطأً غير متوقع. عملك محفوظ ويمكنك متابعة العمل.</numerusform>
            <numerusform>%n خطأ غير متوقع. عملك محفوظ ويمكنك متابعة العمل.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details were also saved to %1</source>
        <translation>حُفظت التفاصيل أيضًا في %1</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>نسخ التفاصيل</translation>
    </message>
    <message>
        <source>Hide details</source>
        <translation>إخفاء التفاصيل</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>عرض التفاصيل</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Needs spaCy, which this installation does not include.
To export spaCy DocBin files, install annotator with the spaCy extra:</source>
        <translation>يحتاج إلى spaCy، وهو غير مضمّن في هذا التثبيت.
لتصدير ملفات spaCy DocBin ثبّت annotator مع إضافة spaCy:</translation>
    </message>
    <message>
        <source>Not available in this installation.</source>
        <translation>غير متاح في هذا التثبيت.</translation>
    </message>
    <message>
        <source>it overlaps a span of higher priority (this format cannot hold overlaps)</source>
        <translation>يتداخل مع مقطع ذي أولوية أعلى (هذا التنسيق لا يحتمل التداخل)</translation>
    </message>
    <message>
        <source>it covers no token (only spaces)</source>
        <translation>لا يغطي أي كلمة (مسافات فقط)</translation>
    </message>
    <message>
        <source>its label is not in the chosen layer</source>
        <translation>تسميته ليست في الطبقة المختارة</translation>
    </message>
    <message>
        <source>Export into folder</source>
        <translation>التصدير إلى مجلد</translation>
    </message>
    <message>
        <source>Export to file</source>
        <translation>التصدير إلى ملف</translation>
    </message>
    <message>
        <source>%1 files (*%2);;All files (*)</source>
        <translation>ملفات %1 (*%2);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Choose where to write the export.</source>
        <translation>اختر مكان حفظ الملف المُصدَّر.</translation>
    </message>
    <message>
        <source>Tick at least one status to export.</source>
        <translation>اختر حالة واحدة على الأقل للتصدير.</translation>
    </message>
    <message>
        <source>Tick at least one label to export.</source>
        <translation>اختر تسمية واحدة على الأقل للتصدير.</translation>
    </message>
    <message>
        <source>The split fractions add up to %1; they must add up to 1.</source>
        <translation>مجموع نسب التقسيم %1، ويجب أن يساوي 1.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <source>Exporting</source>
        <translation>التصدير</translation>
    </message>
    <message>
        <source>%1 of %2 documents written</source>
        <translation>كُتب %1 من %2 مستند</translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation>استبدال الملفات؟</translation>
    </message>
    <message>
        <source>These files exist already and would be replaced:
%1</source>
        <translation>هذه الملفات موجودة من قبل وستُستبدل:
%1</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%n مستندات</numerusform>
            <numerusform>%n مستندًا</numerusform>
            <numerusform>%n مستند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>لا مقاطع</numerusform>
            <numerusform>مقطع واحد</numerusform>
            <numerusform>مقطعان</numerusform>
            <numerusform>%n مقاطع</numerusform>
            <numerusform>%n مقطعًا</numerusform>
            <numerusform>%n مقطع</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported %1.</source>
        <translation>تم التصدير: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) could not be written in this format (listed below).</source>
        <translation>
            <numerusform>لم يُكتب أي مقطع.</numerusform>
            <numerusform>تعذرت كتابة مقطع واحد بهذا التنسيق (انظر القائمة أدناه).</numerusform>
            <numerusform>تعذرت كتابة مقطعين بهذا التنسيق (انظر القائمة أدناه).</numerusform>
            <numerusform>تعذرت كتابة %n مقاطع بهذا التنسيق (انظر القائمة أدناه).</numerusform>
            <numerusform>تعذرت كتابة %n مقطعًا بهذا التنسيق (انظر القائمة أدناه).</numerusform>
            <numerusform>تعذرت كتابة %n مقطع بهذا التنسيق (انظر القائمة أدناه).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) left out: %1</source>
        <translation>
            <numerusform>لم يُستبعد أي مقطع: %1</numerusform>
            <numerusform>استُبعد مقطع واحد: %1</numerusform>
            <numerusform>استُبعد مقطعان: %1</numerusform>
            <numerusform>استُبعدت %n مقاطع: %1</numerusform>
            <numerusform>استُبعد %n مقطعًا: %1</numerusform>
            <numerusform>استُبعد %n مقطع: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was exported.</source>
        <translation>لم يُصدَّر شيء.</translation>
    </message>
    <message>
        <source>Export cancelled: no file was written.</source>
        <translation>أُلغي التصدير: لم يُكتب أي ملف.</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>ال&amp;صيغة:</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>ال&amp;ملف الناتج:</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>ت&amp;صفح…</translation>
    </message>
    <message>
        <source>Documents with status</source>
        <translation>المستندات ذات الحالة</translation>
    </message>
    <message>
        <source>Spans with label</source>
        <translation>المقاطع ذات التسمية</translation>
    </message>
    <message>
        <source>&amp;Split into train / dev / test</source>
        <translation>&amp;تقسيم إلى تدريب / تطوير / اختبار</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>تدريب:</translation>
    </message>
    <message>
        <source>Dev (0 for train/test only):</source>
        <translation>تطوير (0 لتدريب/اختبار فقط):</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>اختبار:</translation>
    </message>
    <message>
        <source>Random seed:</source>
        <translation>البذرة العشوائية:</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;تصدير</translation>
    </message>
    <message>
        <source>%1 (needs spaCy)</source>
        <translation>%1 (يحتاج إلى spaCy)</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in document (Arabic letters match any form)</source>
        <translation>بحث في المستند (تُطابَق الحروف العربية بكل أشكالها)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>إغلاق (Esc)</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>لا نتائج</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 من %2</translation>
    </message>
</context>
<context>
    <name>FrameCard</name>
    <message>
        <source>Delete this frame, its arguments, attributes and note</source>
        <translation>احذف هذا الإطار ووسائطه وسماته وملاحظته</translation>
    </message>
    <message>
        <source>link…</source>
        <translation>اربط…</translation>
    </message>
    <message>
        <source>Choose the span that fills this role (click it, or Tab and Enter)</source>
        <translation>اختر المقطع الذي يملأ هذا الدور (انقره، أو Tab ثم Enter)</translation>
    </message>
    <message>
        <source>Select this span in the article</source>
        <translation>حدّد هذا المقطع في المقال</translation>
    </message>
    <message>
        <source>Retarget: pick another span for this role</source>
        <translation>غيّر الهدف: اختر مقطعًا آخر لهذا الدور</translation>
    </message>
    <message>
        <source>Remove this argument</source>
        <translation>أزل هذه الوسيطة</translation>
    </message>
    <message>
        <source>No frame yet: link a role to make one.</source>
        <translation>لا إطار بعد: اربط دورًا لإنشائه.</translation>
    </message>
    <message>
        <source>Make the frame</source>
        <translation>أنشئ الإطار</translation>
    </message>
    <message>
        <source>Make the frame now, to set its attributes or note</source>
        <translation>أنشئ الإطار الآن لتعيين سماته أو ملاحظته</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ملاحظة</translation>
    </message>
    <message>
        <source>A note on this frame (saved when you leave the field, or Ctrl+Enter)</source>
        <translation>ملاحظة على هذا الإطار (تُحفظ عند مغادرة الحقل، أو Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>FramePanel</name>
    <message>
        <source>Select a span to see its frames and links.</source>
        <translation>حدّد مقطعًا لترى أُطره وروابطه.</translation>
    </message>
    <message>
        <source>%1 frame</source>
        <translation>إطار %1</translation>
    </message>
    <message>
        <source>Add another frame</source>
        <translation>أضف إطارًا آخر</translation>
    </message>
    <message>
        <source>Links</source>
        <translation>الروابط</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 ← %2</translation>
    </message>
    <message>
        <source>%1 ← %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 في %2</translation>
    </message>
    <message>
        <source>Select this span in the article</source>
        <translation>حدّد هذا المقطع في المقال</translation>
    </message>
    <message>
        <source>Remove this relation</source>
        <translation>أزل هذه العلاقة</translation>
    </message>
</context>
<context>
    <name>FramesUI</name>
    <message>
        <source>&amp;Link selected span…</source>
        <translation>&amp;ربط المقطع المحدد…</translation>
    </message>
    <message>
        <source>Roles, &amp;relations and attributes…</source>
        <translation>الأدوار و&amp;العلاقات والسمات…</translation>
    </message>
    <message>
        <source>Link (R)</source>
        <translation>ربط (R)</translation>
    </message>
    <message>
        <source>Link the selected span to another: a role of its frame, or a relation</source>
        <translation>اربط المقطع المحدد بآخر: دور في إطاره، أو علاقة</translation>
    </message>
    <message>
        <source>No document is open.</source>
        <translation>لا مستند مفتوح.</translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation>تغيير التسمية</translation>
    </message>
    <message>
        <source>Relabeling as %1 removes these links:</source>
        <translation>تغيير التسمية إلى %1 يزيل هذه الروابط:</translation>
    </message>
    <message>
        <source>Relabel and remove</source>
        <translation>غيّر التسمية وأزل</translation>
    </message>
    <message>
        <source>Nothing was relabeled.</source>
        <translation>لم تُغيَّر أي تسمية.</translation>
    </message>
    <message>
        <source>%1 frame on «%2»</source>
        <translation>إطار %1 على «%2»</translation>
    </message>
    <message>
        <source>%1 of «%2»: «%3»</source>
        <translation>%1 في «%2»: «%3»</translation>
    </message>
    <message>
        <source>%1: «%2» → «%3»</source>
        <translation>%1: «%2» ← «%3»</translation>
    </message>
    <message>
        <source>attribute %1 of «%2»</source>
        <translation>السمة %1 لـ«%2»</translation>
    </message>
    <message>
        <source>a note: %1</source>
        <translation>ملاحظة: %1</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Automatic (from the file name)</source>
        <translation>تلقائي (من اسم الملف)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(بلا)</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>استيراد ملفات</translation>
    </message>
    <message>
        <source>Documents (%1);;All files (*)</source>
        <translation>مستندات (%1);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>استيراد مجلد</translation>
    </message>
    <message>
        <source>Choose the column of the CSV file that holds the text.</source>
        <translation>اختر عمود ملف CSV الذي يحتوي على النص.</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>لا ملفات للاستيراد…</numerusform>
            <numerusform>جارٍ استيراد ملف واحد…</numerusform>
            <numerusform>جارٍ استيراد ملفين…</numerusform>
            <numerusform>جارٍ استيراد %n ملفات…</numerusform>
            <numerusform>جارٍ استيراد %n ملفًا…</numerusform>
            <numerusform>جارٍ استيراد %n ملف…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) read…</source>
        <translation>
            <numerusform>لم يُقرأ أي مستند بعد…</numerusform>
            <numerusform>قُرئ مستند واحد…</numerusform>
            <numerusform>قُرئ مستندان…</numerusform>
            <numerusform>قُرئت %n مستندات…</numerusform>
            <numerusform>قُرئ %n مستندًا…</numerusform>
            <numerusform>قُرئ %n مستند…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) imported</source>
        <translation>
            <numerusform>لم يُستورد أي مستند</numerusform>
            <numerusform>استُورد مستند واحد</numerusform>
            <numerusform>استُورد مستندان</numerusform>
            <numerusform>استُوردت %n مستندات</numerusform>
            <numerusform>استُورد %n مستندًا</numerusform>
            <numerusform>استُورد %n مستند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) left out</source>
        <translation>
            <numerusform>لا مكررات</numerusform>
            <numerusform>استُبعد مستند مكرر واحد</numerusform>
            <numerusform>استُبعد مستندان مكرران</numerusform>
            <numerusform>استُبعدت %n مستندات مكررة</numerusform>
            <numerusform>استُبعد %n مستندًا مكررًا</numerusform>
            <numerusform>استُبعد %n مستند مكرر</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>لا مقاطع</numerusform>
            <numerusform>مقطع واحد</numerusform>
            <numerusform>مقطعان</numerusform>
            <numerusform>%n مقاطع</numerusform>
            <numerusform>%n مقطعًا</numerusform>
            <numerusform>%n مقطع</numerusform>
        </translation>
    </message>
    <message>
        <source>new labels: %1</source>
        <translation>تسميات جديدة: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n invalid record(s) skipped</source>
        <translation>
            <numerusform>لا سجلات غير صالحة</numerusform>
            <numerusform>تُخطي سجل غير صالح واحد</numerusform>
            <numerusform>تُخطي سجلان غير صالحين</numerusform>
            <numerusform>تُخطيت %n سجلات غير صالحة</numerusform>
            <numerusform>تُخطي %n سجلًا غير صالح</numerusform>
            <numerusform>تُخطي %n سجل غير صالح</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) about what was repaired or left out</source>
        <translation>
            <numerusform>لا تنبيهات</numerusform>
            <numerusform>تنبيه واحد بشأن ما أُصلح أو تُرك</numerusform>
            <numerusform>تنبيهان بشأن ما أُصلح أو تُرك</numerusform>
            <numerusform>%n تنبيهات بشأن ما أُصلح أو تُرك</numerusform>
            <numerusform>%n تنبيهًا بشأن ما أُصلح أو تُرك</numerusform>
            <numerusform>%n تنبيه بشأن ما أُصلح أو تُرك</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was imported: the project is unchanged.</source>
        <translation>لم يُستورد شيء: المشروع لم يتغير.</translation>
    </message>
    <message>
        <source>Import cancelled: the project is unchanged.</source>
        <translation>أُلغي الاستيراد: المشروع لم يتغير.</translation>
    </message>
    <message>
        <source>Import documents</source>
        <translation>استيراد مستندات</translation>
    </message>
    <message>
        <source>Files and folders</source>
        <translation>الملفات والمجلدات</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>إضافة &amp;ملفات…</translation>
    </message>
    <message>
        <source>Add f&amp;older…</source>
        <translation>إضافة م&amp;جلد…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>إ&amp;زالة</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>ال&amp;صيغة:</translation>
    </message>
    <message>
        <source>&amp;Text column (CSV):</source>
        <translation>عمود ال&amp;نص (CSV):</translation>
    </message>
    <message>
        <source>Tit&amp;le column (CSV):</source>
        <translation>عمود العن&amp;وان (CSV):</translation>
    </message>
    <message>
        <source>I&amp;D column (CSV):</source>
        <translation>عمود المُ&amp;عرّف (CSV):</translation>
    </message>
    <message>
        <source>&amp;Skip invalid records (and list them)</source>
        <translation>&amp;تخطي السجلات غير الصالحة (مع سردها)</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>ا&amp;ستيراد</translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message>
        <source>Double-click to change the colour</source>
        <translation>انقر نقرًا مزدوجًا لتغيير اللون</translation>
    </message>
    <message>
        <source>Cannot undo: %1</source>
        <translation>تعذر التراجع: %1</translation>
    </message>
    <message>
        <source>Cannot redo: %1</source>
        <translation>تعذرت الإعادة: %1</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>التسميات</translation>
    </message>
    <message>
        <source>Colour of %1</source>
        <translation>لون %1</translation>
    </message>
    <message>
        <source>Remove label</source>
        <translation>حذف التسمية</translation>
    </message>
    <message numerus="yes">
        <source>The label %1 is used by %n span(s) in this project. Remove the label and its spans?</source>
        <translation>
            <numerusform>التسمية %1 غير مستخدمة. هل تريد حذفها؟</numerusform>
            <numerusform>التسمية %1 مستخدمة في مقطع واحد في هذا المشروع. هل تريد حذف التسمية ومقطعها؟</numerusform>
            <numerusform>التسمية %1 مستخدمة في مقطعين في هذا المشروع. هل تريد حذف التسمية ومقطعيها؟</numerusform>
            <numerusform>التسمية %1 مستخدمة في %n مقاطع في هذا المشروع. هل تريد حذف التسمية ومقاطعها؟</numerusform>
            <numerusform>التسمية %1 مستخدمة في %n مقطعًا في هذا المشروع. هل تريد حذف التسمية ومقاطعها؟</numerusform>
            <numerusform>التسمية %1 مستخدمة في %n مقطع في هذا المشروع. هل تريد حذف التسمية ومقاطعها؟</numerusform>
        </translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>اللون</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>الاسم</translation>
    </message>
    <message>
        <source>English name</source>
        <translation>الاسم بالإنجليزية</translation>
    </message>
    <message>
        <source>Arabic name</source>
        <translation>الاسم بالعربية</translation>
    </message>
    <message>
        <source>Hotkey</source>
        <translation>المفتاح المختصر</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>إ&amp;ضافة</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;حذف…</translation>
    </message>
    <message>
        <source>&amp;Colour…</source>
        <translation>ال&amp;لون…</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>نقل لأ&amp;على</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>نقل لأ&amp;سفل</translation>
    </message>
    <message>
        <source>U&amp;ndo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>R&amp;edo</source>
        <translation>إ&amp;عادة</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>لغة النظام</translation>
    </message>
</context>
<context>
    <name>LinkMode</name>
    <message>
        <source>Select a span first, then press R to link it.</source>
        <translation>حدّد مقطعًا أولًا، ثم اضغط R لربطه.</translation>
    </message>
    <message>
        <source>Linking from «%1»: click the other span, or Tab / Shift+Tab then Enter; Esc cancels.</source>
        <translation>ربط من «%1»: انقر المقطع الآخر، أو Tab / Shift+Tab ثم Enter؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <source>Role %1. </source>
        <translation>الدور %1. </translation>
    </message>
    <message>
        <source>Link cancelled.</source>
        <translation>أُلغي الربط.</translation>
    </message>
    <message>
        <source>Press Tab to step to a span first, or click one; Esc cancels.</source>
        <translation>اضغط Tab للانتقال إلى مقطع أولًا، أو انقر مقطعًا؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <source>Click a labeled span (not the one linked from); Esc cancels.</source>
        <translation>انقر مقطعًا موسومًا (غير المقطع المربوط منه)؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <source>There is no other span to link to.</source>
        <translation>لا يوجد مقطع آخر للربط به.</translation>
    </message>
    <message>
        <source>«%1» (%2)%3: Enter links, Tab / Shift+Tab steps, Esc cancels.</source>
        <translation>«%1» (%2)%3: Enter للربط، Tab / Shift+Tab للتنقل، Esc للإلغاء.</translation>
    </message>
    <message>
        <source>nothing fits</source>
        <translation>لا شيء يناسب</translation>
    </message>
    <message>
        <source>A span cannot be linked to itself.</source>
        <translation>لا يمكن ربط مقطع بنفسه.</translation>
    </message>
    <message>
        <source>Nothing links %1 to %2: no role or relation type allows it.</source>
        <translation>لا شيء يربط %1 بـ%2: لا دور ولا نوع علاقة يسمح بذلك.</translation>
    </message>
    <message>
        <source>«%1» has no frame yet: link one of its roles first.</source>
        <translation>ليس لـ«%1» إطار بعد: اربط أحد أدواره أولًا.</translation>
    </message>
</context>
<context>
    <name>LinkPicker</name>
    <message>
        <source>Link as…</source>
        <translation>اربط بوصفه…</translation>
    </message>
    <message>
        <source>What is «%2» to «%1»? Press its number, or Enter.</source>
        <translation>ما علاقة «%2» بـ«%1»؟ اضغط رقمها، أو Enter.</translation>
    </message>
    <message>
        <source>(relation)</source>
        <translation>(علاقة)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;تراجع</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>إ&amp;عادة</translation>
    </message>
    <message>
        <source>&amp;Find in document…</source>
        <translation>&amp;بحث في المستند…</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>ال&amp;تالي في البحث</translation>
    </message>
    <message>
        <source>Next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <source>Previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <source>&amp;Done, next undone</source>
        <translation>&amp;تم، والتالي غير المنجز</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>ت&amp;خطٍّ</translation>
    </message>
    <message>
        <source>Mark in &amp;progress</source>
        <translation>وضع علامة «قيد ال&amp;عمل»</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>ت&amp;كبير</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>ت&amp;صغير</translation>
    </message>
    <message>
        <source>&amp;Labels…</source>
        <translation>ال&amp;تسميات…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>ال&amp;تفضيلات…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>ا&amp;ستيراد…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>ت&amp;صدير…</translation>
    </message>
    <message>
        <source>No document is open: nothing to label.</source>
        <translation>لا يوجد مستند مفتوح: لا شيء لتسميته.</translation>
    </message>
    <message>
        <source>Nothing selected for %1: select text or click a highlight first.</source>
        <translation>لا تحديد لـ %1: حدِّد نصًا أو انقر على تظليل أولًا.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ملف</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>ت&amp;حرير</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>م&amp;ستند</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;عرض</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;مساعدة</translation>
    </message>
    <message>
        <source>&amp;Keyboard and mouse</source>
        <translation>&amp;لوحة المفاتيح والفأرة</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>ال&amp;لغة</translation>
    </message>
    <message>
        <source>Search titles and text</source>
        <translation>بحث في العناوين والنصوص</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>التسميات</translation>
    </message>
    <message>
        <source>Spans in this document</source>
        <translation>المقاطع في هذا المستند</translation>
    </message>
    <message>
        <source>New</source>
        <translation>جديد</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>متخطى</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>كل المستندات</translation>
    </message>
    <message>
        <source>Search cancelled.</source>
        <translation>أُلغي البحث.</translation>
    </message>
    <message>
        <source>Preparing search…</source>
        <translation>جارٍ تجهيز البحث…</translation>
    </message>
    <message>
        <source>Done %1 / %2</source>
        <translation>تم %1 / %2</translation>
    </message>
    <message>
        <source>Annotator: %1</source>
        <translation>المُعلِّم: %1</translation>
    </message>
    <message>
        <source>Every document is done or skipped.</source>
        <translation>كل المستندات منجزة أو متخطاة.</translation>
    </message>
    <message>
        <source>Cannot undo: %1</source>
        <translation>تعذر التراجع: %1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>تم التراجع: %1</translation>
    </message>
    <message>
        <source>Cannot redo: %1</source>
        <translation>تعذرت الإعادة: %1</translation>
    </message>
    <message>
        <source>Redone: %1</source>
        <translation>تمت الإعادة: %1</translation>
    </message>
    <message>
        <source>Label the selection as %1 (key %2)</source>
        <translation>تسمية التحديد بـ %1 (المفتاح %2)</translation>
    </message>
    <message>
        <source>Cannot read the project any more: %1</source>
        <translation>تعذّرت قراءة المشروع: %1</translation>
    </message>
    <message>
        <source>Updated with changes made in another window.</source>
        <translation>حُدِّث بالتغييرات التي أُجريت في نافذة أخرى.</translation>
    </message>
    <message>
        <source>Drag over text</source>
        <translation>السحب فوق النص</translation>
    </message>
    <message>
        <source>select; snaps to whole words (hold Alt: exact letters)</source>
        <translation>تحديد؛ يمتد إلى كلمات كاملة (مع Alt: أحرف بعينها)</translation>
    </message>
    <message>
        <source>Double-click</source>
        <translation>نقر مزدوج</translation>
    </message>
    <message>
        <source>select one word</source>
        <translation>تحديد كلمة واحدة</translation>
    </message>
    <message>
        <source>select letter by letter (← moves forward in Arabic)</source>
        <translation>تحديد حرفًا حرفًا (← يتقدم في العربية)</translation>
    </message>
    <message>
        <source>label the selection, or relabel the selected span</source>
        <translation>تسمية التحديد، أو تغيير تسمية المقطع المحدد</translation>
    </message>
    <message>
        <source>Click a highlight</source>
        <translation>النقر على تظليل</translation>
    </message>
    <message>
        <source>label the selection as %1, or relabel the selected span</source>
        <translation>سمِّ التحديد %1، أو غيّر تسمية المقطع المحدد</translation>
    </message>
    <message>
        <source>select its span; click again for overlapping spans</source>
        <translation>تحديد مقطعه؛ انقر مرة أخرى للمقاطع المتداخلة</translation>
    </message>
    <message>
        <source>delete the selected span</source>
        <translation>حذف المقطع المحدد</translation>
    </message>
    <message>
        <source>with a span selected: move the boundary nearer to where you clicked</source>
        <translation>مع مقطع محدد: تحريك الحد الأقرب إلى موضع النقر</translation>
    </message>
    <message>
        <source>with a span selected: move that boundary by one word</source>
        <translation>مع مقطع محدد: تحريك ذلك الحد كلمةً واحدة</translation>
    </message>
    <message>
        <source>with a span selected: link it to another (a role of its frame, or a relation)</source>
        <translation>مع تحديد مقطع: اربطه بمقطع آخر (دور في إطاره، أو علاقة)</translation>
    </message>
    <message>
        <source>Click a span, or Tab / Shift+Tab and Enter</source>
        <translation>انقر مقطعًا، أو Tab / Shift+Tab ثم Enter</translation>
    </message>
    <message>
        <source>while linking: choose the other end; Esc cancels</source>
        <translation>أثناء الربط: اختر الطرف الآخر؛ Esc للإلغاء</translation>
    </message>
    <message>
        <source>in the link picker: link as that role or relation</source>
        <translation>في قائمة الربط: اربط بذلك الدور أو العلاقة</translation>
    </message>
    <message>
        <source>undo / redo, in any document</source>
        <translation>تراجع / إعادة، في أي مستند</translation>
    </message>
    <message>
        <source>next / previous document</source>
        <translation>المستند التالي / السابق</translation>
    </message>
    <message>
        <source>mark done and go to the next undone document</source>
        <translation>وضع علامة «تم» والانتقال إلى المستند التالي غير المنجز</translation>
    </message>
    <message>
        <source>skip this document</source>
        <translation>تخطي هذا المستند</translation>
    </message>
    <message>
        <source>find in document; next and previous hit</source>
        <translation>البحث في المستند؛ النتيجة التالية والسابقة</translation>
    </message>
    <message>
        <source>a label&apos;s key</source>
        <translation>مفتاح تسمية</translation>
    </message>
    <message>
        <source>zoom in / out</source>
        <translation>تكبير / تصغير</translation>
    </message>
    <message>
        <source>suggestions: make the next / previous one current</source>
        <translation>الاقتراحات: جعل التالي / السابق منها هو الحالي</translation>
    </message>
    <message>
        <source>accept / reject the current suggestion, else the one at the cursor or after it</source>
        <translation>قبول / رفض الاقتراح الحالي، وإلا فالذي عند المؤشر أو بعده</translation>
    </message>
    <message>
        <source>accept / reject, only while a suggestion is current (else a label&apos;s key)</source>
        <translation>قبول / رفض، فقط حين يكون هناك اقتراح حالي (وإلا فهو مفتاح تسمية)</translation>
    </message>
    <message>
        <source>accept every suggestion in the document</source>
        <translation>قبول كل الاقتراحات في المستند</translation>
    </message>
    <message>
        <source>review: accept into the gold layer / reject the difference</source>
        <translation>المراجعة: قبول في الطبقة المعتمدة / رفض الاختلاف</translation>
    </message>
    <message>
        <source>review: accept and select the span to edit / leave review</source>
        <translation>المراجعة: قبول المقطع وتحديده لتعديله / إنهاء المراجعة</translation>
    </message>
    <message>
        <source>Example: لواشنطن labeled PLACE should be واشنطن. Click the highlight on its first letter, then press Shift+←.</source>
        <translation>مثال: «لواشنطن» مسمّاة مكانًا والصواب «واشنطن». انقر التظليل على حرفها الأول ثم اضغط Shift+←.</translation>
    </message>
    <message>
        <source>Keyboard and mouse</source>
        <translation>لوحة المفاتيح والفأرة</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;فتح مشروع…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>فتح مشروع &amp;حديث</translation>
    </message>
    <message>
        <source>&amp;Merge projects…</source>
        <translation>د&amp;مج مشاريع…</translation>
    </message>
    <message>
        <source>&amp;Close project</source>
        <translation>إ&amp;غلاق المشروع</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;خروج</translation>
    </message>
    <message>
        <source>No other recent project</source>
        <translation>لا مشروع حديث آخر</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <source>annotator projects (*%1);;All files (*)</source>
        <translation>مشاريع annotator (*%1);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Finding the name in every document…</source>
        <translation>جارٍ البحث عن الاسم في كل المستندات…</translation>
    </message>
    <message>
        <source>Training the model and pre-annotating…</source>
        <translation>جارٍ تدريب النموذج والتسمية المسبقة…</translation>
    </message>
    <message>
        <source>Pre-annotating the undone documents…</source>
        <translation>جارٍ التسمية المسبقة للمستندات غير المنجزة…</translation>
    </message>
    <message>
        <source>Model trained on %1 documents; %2 suggestions in %3 documents.</source>
        <translation>دُرّب النموذج على %1 مستند؛ %2 اقتراح في %3 مستند.</translation>
    </message>
    <message>
        <source>Pre-annotation cancelled.</source>
        <translation>أُلغيت التسمية المسبقة.</translation>
    </message>
    <message>
        <source>Training the model</source>
        <translation>تدريب النموذج</translation>
    </message>
    <message>
        <source>&amp;Accept all suggestions</source>
        <translation>&amp;قبول كل الاقتراحات</translation>
    </message>
    <message>
        <source>&amp;Pre-annotate…</source>
        <translation>تسمية م&amp;سبقة…</translation>
    </message>
    <message>
        <source>Suggest a labeled name &amp;everywhere it occurs</source>
        <translation>اقتراح الاسم المسمّى في &amp;كل مواضعه</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>الاقتراحات</translation>
    </message>
    <message>
        <source>Accepted %1: %2 (Ctrl+Z undoes)</source>
        <translation>قُبل %1: %2 (Ctrl+Z للتراجع)</translation>
    </message>
    <message>
        <source>No suggestions in this document.</source>
        <translation>لا اقتراحات في هذا المستند.</translation>
    </message>
    <message>
        <source>Suggested %1: %2 (Enter accept, X reject)</source>
        <translation>مقترح %1: %2 (Enter قبول، X رفض)</translation>
    </message>
    <message>
        <source>Accept suggestion</source>
        <translation>قبول الاقتراح</translation>
    </message>
    <message>
        <source>Reject suggestion</source>
        <translation>رفض الاقتراح</translation>
    </message>
    <message>
        <source>Enter accept, X reject, Tab next</source>
        <translation>Enter قبول، X رفض، Tab التالي</translation>
    </message>
    <message>
        <source>Suggestion: %1 %2</source>
        <translation>اقتراح: %1 %2</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge projects into this one</source>
        <translation>دمج مشاريع في هذا المشروع</translation>
    </message>
    <message>
        <source>annotator projects (*%1);;All files (*)</source>
        <translation>مشاريع annotator (*%1);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Merging document %1 of %2…</source>
        <translation>دمج المستند %1 من %2…</translation>
    </message>
    <message>
        <source>Projects merged</source>
        <translation>دُمجت المشاريع</translation>
    </message>
    <message>
        <source>Merge refused</source>
        <translation>رُفض الدمج</translation>
    </message>
    <message>
        <source>Merge cancelled; the project is unchanged</source>
        <translation>أُلغي الدمج؛ لم يتغير المشروع</translation>
    </message>
    <message>
        <source>%1 documents added, %2 matched.</source>
        <translation>أُضيف %1 من المستندات، وطوبق %2.</translation>
    </message>
    <message>
        <source>%1: %2 spans added</source>
        <translation>%1: أُضيف %2 من المقاطع</translation>
    </message>
    <message>
        <source>Definitions that differ (this project&apos;s kept):</source>
        <translation>تعريفات مختلفة (أُبقي على تعريفات هذا المشروع):</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… و%1 غيرها</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>add %1</source>
        <translation>إضافة %1</translation>
    </message>
    <message>
        <source>delete %1</source>
        <translation>حذف %1</translation>
    </message>
    <message>
        <source>relabel %1 as %2</source>
        <translation>تغيير التسمية من %1 إلى %2</translation>
    </message>
    <message>
        <source>move boundary</source>
        <translation>تحريك حد المقطع</translation>
    </message>
    <message>
        <source>mark new</source>
        <translation>وضع علامة «جديد»</translation>
    </message>
    <message>
        <source>mark in progress</source>
        <translation>وضع علامة «قيد العمل»</translation>
    </message>
    <message>
        <source>mark done</source>
        <translation>وضع علامة «تم»</translation>
    </message>
    <message>
        <source>mark skipped</source>
        <translation>وضع علامة «متخطى»</translation>
    </message>
    <message>
        <source>accept suggestion</source>
        <translation>قبول اقتراح</translation>
    </message>
    <message numerus="yes">
        <source>accept %n suggestion(s)</source>
        <translation>
            <numerusform>لم يُقبل أي اقتراح</numerusform>
            <numerusform>قبول اقتراح واحد</numerusform>
            <numerusform>قبول اقتراحين</numerusform>
            <numerusform>قبول %n اقتراحات</numerusform>
            <numerusform>قبول %n اقتراحًا</numerusform>
            <numerusform>قبول %n اقتراح</numerusform>
        </translation>
    </message>
    <message>
        <source>reject suggestion</source>
        <translation>رفض اقتراح</translation>
    </message>
    <message>
        <source>suggestions</source>
        <translation>اقتراحات</translation>
    </message>
    <message>
        <source>accept %1 into gold</source>
        <translation>قبول %1 في الطبقة المعتمدة</translation>
    </message>
    <message numerus="yes">
        <source>accept %n agreed span(s)</source>
        <translation>
            <numerusform>لم يُقبل أي مقطع متفق عليه</numerusform>
            <numerusform>قبول مقطع واحد متفق عليه</numerusform>
            <numerusform>قبول مقطعين متفق عليهما</numerusform>
            <numerusform>قبول %n مقاطع متفق عليها</numerusform>
            <numerusform>قبول %n مقطعًا متفقًا عليه</numerusform>
            <numerusform>قبول %n مقطع متفق عليه</numerusform>
        </translation>
    </message>
    <message>
        <source>reject difference</source>
        <translation>رفض الاختلاف</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>لا تغييرات</numerusform>
            <numerusform>تغيير واحد</numerusform>
            <numerusform>تغييران</numerusform>
            <numerusform>%n تغييرات</numerusform>
            <numerusform>%n تغييرًا</numerusform>
            <numerusform>%n تغيير</numerusform>
        </translation>
    </message>
    <message>
        <source>add label %1</source>
        <translation>إضافة التسمية %1</translation>
    </message>
    <message>
        <source>rename label %1 to %2</source>
        <translation>إعادة تسمية %1 إلى %2</translation>
    </message>
    <message>
        <source>recolour label %1</source>
        <translation>تغيير لون التسمية %1</translation>
    </message>
    <message>
        <source>change the hotkey of label %1</source>
        <translation>تغيير المفتاح المختصر للتسمية %1</translation>
    </message>
    <message>
        <source>change label %1</source>
        <translation>تعديل التسمية %1</translation>
    </message>
    <message numerus="yes">
        <source>remove label %1 and its %n span(s)</source>
        <translation>
            <numerusform>حذف التسمية %1</numerusform>
            <numerusform>حذف التسمية %1 ومقطعها الوحيد</numerusform>
            <numerusform>حذف التسمية %1 ومقطعيها</numerusform>
            <numerusform>حذف التسمية %1 و%n مقاطع</numerusform>
            <numerusform>حذف التسمية %1 و%n مقطعًا</numerusform>
            <numerusform>حذف التسمية %1 و%n مقطع</numerusform>
        </translation>
    </message>
    <message>
        <source>The project is busy: another window or program is writing to it. Nothing was changed; try again in a moment.</source>
        <translation>المشروع مشغول: نافذة أو برنامج آخر يكتب فيه الآن. لم يتغير شيء؛ أعد المحاولة بعد لحظة.</translation>
    </message>
    <message>
        <source>import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>الاستيراد</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>دمج</translation>
    </message>
    <message>
        <source>Merging</source>
        <translation>جارٍ الدمج</translation>
    </message>
    <message>
        <source>remove label %1</source>
        <translation>حذف التسمية %1</translation>
    </message>
    <message>
        <source>move label %1</source>
        <translation>نقل التسمية %1</translation>
    </message>
    <message>
        <source>link</source>
        <translation>ربط</translation>
    </message>
    <message>
        <source>add frame</source>
        <translation>إضافة إطار</translation>
    </message>
    <message>
        <source>delete frame</source>
        <translation>حذف إطار</translation>
    </message>
    <message>
        <source>add argument</source>
        <translation>إضافة وسيطة</translation>
    </message>
    <message>
        <source>retarget argument</source>
        <translation>تغيير هدف وسيطة</translation>
    </message>
    <message>
        <source>remove argument</source>
        <translation>إزالة وسيطة</translation>
    </message>
    <message>
        <source>add relation</source>
        <translation>إضافة علاقة</translation>
    </message>
    <message>
        <source>change relation</source>
        <translation>تغيير علاقة</translation>
    </message>
    <message>
        <source>remove relation</source>
        <translation>إزالة علاقة</translation>
    </message>
    <message>
        <source>set attribute</source>
        <translation>تعيين سمة</translation>
    </message>
    <message>
        <source>edit note</source>
        <translation>تحرير ملاحظة</translation>
    </message>
    <message>
        <source>add role</source>
        <translation>إضافة دور</translation>
    </message>
    <message>
        <source>change role</source>
        <translation>تغيير دور</translation>
    </message>
    <message>
        <source>remove role</source>
        <translation>إزالة دور</translation>
    </message>
    <message>
        <source>add relation type</source>
        <translation>إضافة نوع علاقة</translation>
    </message>
    <message>
        <source>change relation type</source>
        <translation>تغيير نوع علاقة</translation>
    </message>
    <message>
        <source>remove relation type</source>
        <translation>إزالة نوع علاقة</translation>
    </message>
    <message>
        <source>add attribute</source>
        <translation>إضافة سمة</translation>
    </message>
    <message>
        <source>change attribute</source>
        <translation>تغيير سمة</translation>
    </message>
    <message>
        <source>remove attribute</source>
        <translation>إزالة سمة</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Who is labeling?</source>
        <translation>من يقوم بالتسمية؟</translation>
    </message>
    <message>
        <source>Your name is stored with every span you label (change it in Edit &gt; Preferences):</source>
        <translation>يُحفظ اسمك مع كل مقطع تسمّيه (غيّره من تحرير &gt; التفضيلات):</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>التفضيلات</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> درجات</translation>
    </message>
    <message>
        <source>Your name (stored with your spans):</source>
        <translation>اسمك (يُحفظ مع مقاطعك):</translation>
    </message>
    <message>
        <source>Interface language:</source>
        <translation>لغة الواجهة:</translation>
    </message>
    <message>
        <source>Text size (0 is the default):</source>
        <translation>حجم النص (0 هو الافتراضي):</translation>
    </message>
    <message>
        <source>Suggest a labeled name everywhere it occurs</source>
        <translation>اقتراح الاسم المسمّى في كل مواضعه</translation>
    </message>
    <message>
        <source>Done, next undone: the document the model is least sure of</source>
        <translation>تم، والتالي غير المنجز: المستند الأقل يقينًا لدى النموذج</translation>
    </message>
    <message>
        <source>never</source>
        <translation>أبدًا</translation>
    </message>
    <message>
        <source>Train the model again after this many documents done:</source>
        <translation>إعادة تدريب النموذج بعد إنجاز هذا العدد من المستندات:</translation>
    </message>
</context>
<context>
    <name>ProjectTools</name>
    <message>
        <source>&amp;Check project</source>
        <translation>&amp;فحص المشروع</translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation>ا&amp;ستعادة من نسخة احتياطية…</translation>
    </message>
    <message>
        <source>&amp;Agreement…</source>
        <translation>&amp;الاتفاق بين المُعلِّمين…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;أدوات</translation>
    </message>
    <message>
        <source>Checking the project</source>
        <translation>جارٍ فحص المشروع</translation>
    </message>
    <message>
        <source>The project file is sound: %1 documents, %2 spans.</source>
        <translation>ملف المشروع سليم: %1 مستند، %2 مقطع.</translation>
    </message>
    <message>
        <source>The project file has %1 problem(s). Restore a backup (File &gt; Restore from backup…), or run  annotator recover  to copy what can be read into a new project.</source>
        <translation>في ملف المشروع %1 مشكلة. استعد نسخة احتياطية (ملف &gt; استعادة من نسخة احتياطية…)، أو شغّل  annotator recover  لنسخ ما يمكن قراءته إلى مشروع جديد.</translation>
    </message>
    <message>
        <source>The project file is damaged: nothing is written to it (Tools &gt; Check project).</source>
        <translation>ملف المشروع تالف: لن يُكتب فيه شيء (أدوات &gt; فحص المشروع).</translation>
    </message>
    <message>
        <source>Check project</source>
        <translation>فحص المشروع</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>الاستعادة من نسخة احتياطية</translation>
    </message>
    <message>
        <source>Backups (*.annotator)</source>
        <translation>النسخ الاحتياطية (*.annotator)</translation>
    </message>
    <message>
        <source>Replace the project with the backup %1? The project as it is now is backed up first.</source>
        <translation>هل تريد إحلال النسخة الاحتياطية %1 محلّ المشروع؟ يُحفظ المشروع بحالته الحالية في نسخة احتياطية أولًا.</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <source>&amp;Review…</source>
        <translation>&amp;المراجعة…</translation>
    </message>
    <message>
        <source>Compare annotators</source>
        <translation>مقارنة المُعلِّمين</translation>
    </message>
    <message>
        <source>Differences (A accept, X reject, E edit, Esc leave)</source>
        <translation>الاختلافات (A قبول، X رفض، E تعديل، Esc خروج)</translation>
    </message>
    <message>
        <source>Accept agreed</source>
        <translation>قبول المتفق عليه</translation>
    </message>
    <message>
        <source>Leave review</source>
        <translation>إنهاء المراجعة</translation>
    </message>
    <message>
        <source>outline</source>
        <translation>إطار</translation>
    </message>
    <message>
        <source>Review needs the spans of two or more annotators besides you.</source>
        <translation>تحتاج المراجعة إلى مقاطع مُعلِّمَين اثنين أو أكثر غيرك.</translation>
    </message>
    <message>
        <source>%1 «%2» by %3</source>
        <translation>%1 «%2» من %3</translation>
    </message>
    <message>
        <source>%1: «%2» %3 «%4» from %5</source>
        <translation>%1: «%2» %3 «%4» من %5</translation>
    </message>
</context>
<context>
    <name>SearchOptionsButton</name>
    <message>
        <source>Exact spelling (no folding of letter forms)</source>
        <translation>الإملاء كما هو (دون توحيد أشكال الحروف)</translation>
    </message>
    <message>
        <source>Part of a word</source>
        <translation>جزء من كلمة</translation>
    </message>
    <message>
        <source>Search options: by default whole words, with و ف ب ل ك ال allowed in front</source>
        <translation>خيارات البحث: كلمات كاملة افتراضيًا، مع السماح بـ و ف ب ل ك ال في أولها</translation>
    </message>
</context>
<context>
    <name>SpanListModel</name>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>لا روابط</numerusform>
            <numerusform>رابط واحد</numerusform>
            <numerusform>رابطان</numerusform>
            <numerusform>%n روابط</numerusform>
            <numerusform>%n رابطًا</numerusform>
            <numerusform>%n رابط</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>New</source>
        <translation>جديد</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تم</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>متخطى</translation>
    </message>
</context>
<context>
    <name>SuggestionTools</name>
    <message numerus="yes">
        <source>%n suggestion(s)</source>
        <translation>
            <numerusform>لا اقتراحات</numerusform>
            <numerusform>اقتراح واحد</numerusform>
            <numerusform>اقتراحان</numerusform>
            <numerusform>%n اقتراحات</numerusform>
            <numerusform>%n اقتراحًا</numerusform>
            <numerusform>%n اقتراح</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskProgressDialog</name>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>جارٍ الإلغاء…</translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <source>%1: no such file or folder.</source>
        <translation>%1: لا يوجد ملف أو مجلد بهذا الاسم.</translation>
    </message>
    <message>
        <source>%1 is neither an annotator project nor a file to import (%2).</source>
        <translation>%1 ليس مشروع annotator ولا ملفًا قابلًا للاستيراد (%2).</translation>
    </message>
    <message numerus="yes">
        <source>%1 is not a project. Create a new project from it (%n file(s))?</source>
        <translation>
            <numerusform>%1 ليس مشروعًا، ولا يحتوي على ملفات للاستيراد.</numerusform>
            <numerusform>%1 ليس مشروعًا. هل تريد إنشاء مشروع جديد منه (ملف واحد)؟</numerusform>
            <numerusform>%1 ليس مشروعًا. هل تريد إنشاء مشروع جديد منه (ملفان)؟</numerusform>
            <numerusform>%1 ليس مشروعًا. هل تريد إنشاء مشروع جديد منه (%n ملفات)؟</numerusform>
            <numerusform>%1 ليس مشروعًا. هل تريد إنشاء مشروع جديد منه (%n ملفًا)؟</numerusform>
            <numerusform>%1 ليس مشروعًا. هل تريد إنشاء مشروع جديد منه (%n ملف)؟</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 does not exist. Create a new, empty project there?</source>
        <translation>%1 غير موجود. هل تريد إنشاء مشروع جديد فارغ هناك؟</translation>
    </message>
    <message>
        <source>Create a project</source>
        <translation>إنشاء مشروع</translation>
    </message>
    <message>
        <source>%1 already exists. Open it as it is (nothing is imported)?</source>
        <translation>%1 موجود بالفعل. هل تريد فتحه كما هو (دون استيراد شيء)؟</translation>
    </message>
    <message>
        <source>%1 already exists and is not a project.</source>
        <translation>%1 موجود بالفعل وليس مشروعًا.</translation>
    </message>
    <message>
        <source>Creating the project</source>
        <translation>جارٍ إنشاء المشروع</translation>
    </message>
    <message>
        <source>%1 documents read…</source>
        <translation>قُرئ %1 مستند…</translation>
    </message>
    <message>
        <source>Nothing was imported</source>
        <translation>لم يُستورد شيء</translation>
    </message>
    <message>
        <source>The project was not created:
%1</source>
        <translation>لم يُنشأ المشروع:
%1</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <source>annotator projects (*%1)</source>
        <translation>مشاريع annotator (*%1)</translation>
    </message>
</context>
<context>
    <name>WelcomeWindow</name>
    <message>
        <source>Sample</source>
        <translation>العينة</translation>
    </message>
    <message>
        <source>The sample project could not be created:
%1</source>
        <translation>تعذر إنشاء مشروع العينة:
%1</translation>
    </message>
    <message>
        <source>Preparing the sample</source>
        <translation>جارٍ تجهيز العينة</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>مشروع جديد</translation>
    </message>
    <message>
        <source>%1 already exists. Choose another name, or open it.</source>
        <translation>%1 موجود بالفعل. اختر اسمًا آخر أو افتحه.</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>فتح مشروع</translation>
    </message>
    <message>
        <source>annotator projects (*%1);;All files (*)</source>
        <translation>مشاريع annotator (*%1);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Create a project from a file</source>
        <translation>إنشاء مشروع من ملف</translation>
    </message>
    <message>
        <source>Documents (%1);;All files (*)</source>
        <translation>مستندات (%1);;كل الملفات (*)</translation>
    </message>
    <message>
        <source>Welcome to annotator</source>
        <translation>مرحبًا بك في annotator</translation>
    </message>
    <message>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <source>Label events, actors, places and claims in Arabic news articles, and export them as training data.</source>
        <translation>وسِّم الأحداث والفاعلين والأماكن والادعاءات في الأخبار العربية، وصدِّرها بيانات تدريب.</translation>
    </message>
    <message>
        <source>Drop a project, a file or a folder here to open it.</source>
        <translation>أفلِت هنا مشروعًا أو ملفًا أو مجلدًا لفتحه.</translation>
    </message>
    <message>
        <source>Open the &amp;sample</source>
        <translation>فتح ال&amp;عينة</translation>
    </message>
    <message>
        <source>A small project with sample Arabic articles, to try annotator out</source>
        <translation>مشروع صغير فيه مقالات عربية للتجربة</translation>
    </message>
    <message>
        <source>&amp;New project…</source>
        <translation>مشروع &amp;جديد…</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>&amp;فتح مشروع…</translation>
    </message>
    <message>
        <source>New project from &amp;files…</source>
        <translation>مشروع جديد من م&amp;لفات…</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>المشاريع الأخيرة</translation>
    </message>
    <message>
        <source>Remove from the list</source>
        <translation>إزالة من القائمة</translation>
    </message>
    <message>
        <source>No recent projects yet.</source>
        <translation>لا مشاريع حديثة بعد.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
</context>
</TS>
