<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP" sourcelanguage="en">
    <!-- Qt's own strings that PySide6's qtbase_ja.qm leaves in English (its sources gained an
         accelerator and the Japanese catalogue did not follow). Loaded after qtbase_ja. -->
    <context>
        <name>QFileDialog</name>
        <message>
            <source>&amp;Look in:</source>
            <translation>場所(&amp;L):</translation>
        </message>
        <message>
            <source>Files of &amp;type:</source>
            <translation>ファイルの種類(&amp;T):</translation>
        </message>
    </context>
</TS>
