<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AgreementWindow</name>
    <message numerus="yes">
        <source>%1 — %n difference(s), F1 %2</source>
        <translation>
            <numerusform>%1 — %n difference, F1 %2</numerusform>
            <numerusform>%1 — %n differences, F1 %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message numerus="yes">
        <source>%n suggestion(s)</source>
        <translation>
            <numerusform>%n suggestion</numerusform>
            <numerusform>%n suggestions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message numerus="yes">
        <source>%n unexpected errors. Your work is saved and you can keep working.</source>
        <translation>
            <numerusform>%n unexpected error. Your work is saved and you can keep working.</numerusform>
            <numerusform>%n unexpected errors. Your work is saved and you can keep working.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n span</numerusform>
            <numerusform>%n spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) could not be written in this format (listed below).</source>
        <translation>
            <numerusform>%n span could not be written in this format (listed below).</numerusform>
            <numerusform>%n spans could not be written in this format (listed below).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s) left out: %1</source>
        <translation>
            <numerusform>%n span left out: %1</numerusform>
            <numerusform>%n spans left out: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>Importing %n file(s)…</source>
        <translation>
            <numerusform>Importing %n file…</numerusform>
            <numerusform>Importing %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) read…</source>
        <translation>
            <numerusform>%n document read…</numerusform>
            <numerusform>%n documents read…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) imported</source>
        <translation>
            <numerusform>%n document imported</numerusform>
            <numerusform>%n documents imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) left out</source>
        <translation>
            <numerusform>%n duplicate left out</numerusform>
            <numerusform>%n duplicates left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n span(s)</source>
        <translation>
            <numerusform>%n span</numerusform>
            <numerusform>%n spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid record(s) skipped</source>
        <translation>
            <numerusform>%n invalid record skipped</numerusform>
            <numerusform>%n invalid records skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s) about what was repaired or left out</source>
        <translation>
            <numerusform>%n warning about what was repaired or left out</numerusform>
            <numerusform>%n warnings about what was repaired or left out</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabelsDialog</name>
    <message numerus="yes">
        <source>The label %1 is used by %n span(s) in this project. Remove the label and its spans?</source>
        <translation>
            <numerusform>The label %1 is used by %n span in this project. Remove the label and its span?</numerusform>
            <numerusform>The label %1 is used by %n spans in this project. Remove the label and its spans?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message numerus="yes">
        <source>accept %n suggestion(s)</source>
        <translation>
            <numerusform>accept %n suggestion</numerusform>
            <numerusform>accept %n suggestions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>accept %n agreed span(s)</source>
        <translation>
            <numerusform>accept %n agreed span</numerusform>
            <numerusform>accept %n agreed spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n change</numerusform>
            <numerusform>%n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>remove label %1 and its %n span(s)</source>
        <translation>
            <numerusform>remove label %1 and its %n span</numerusform>
            <numerusform>remove label %1 and its %n spans</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SpanListModel</name>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n link</numerusform>
            <numerusform>%n links</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SuggestionTools</name>
    <message numerus="yes">
        <source>%n suggestion(s)</source>
        <translation>
            <numerusform>%n suggestion</numerusform>
            <numerusform>%n suggestions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Welcome</name>
    <message numerus="yes">
        <source>%1 is not a project. Create a new project from it (%n file(s))?</source>
        <translation>
            <numerusform>%1 is not a project. Create a new project from it (%n file)?</numerusform>
            <numerusform>%1 is not a project. Create a new project from it (%n files)?</numerusform>
        </translation>
    </message>
</context>
</TS>
