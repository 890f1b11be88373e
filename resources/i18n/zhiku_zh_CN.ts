<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop_app/ui/about.py" line="31"/>
        <source>Zhiku</source>
        <translation>知库</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/about.py" line="32"/>
        <source>An offline knowledge base of government press releases: achievements, priorities and every figure in them.</source>
        <translation>离线的政府新闻发布知识库：主要成效、下一步重点，以及其中的每一个数据。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/about.py" line="34"/>
        <source>Nothing is ever sent over the network.</source>
        <translation>不会通过网络发送任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/about.py" line="35"/>
        <source>Licences</source>
        <translation>许可证</translation>
    </message>
</context>
<context>
    <name>BulkPropertiesDialog</name>
    <message>
        <location filename="../../desktop_app/ui/bulk_properties_dialog.py" line="36"/>
        <source>Properties of %1 Releases</source>
        <translation>%1 份发布的属性</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/bulk_properties_dialog.py" line="40"/>
        <source>Set the &amp;year:</source>
        <translation>设置年份(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/bulk_properties_dialog.py" line="43"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/bulk_properties_dialog.py" line="46"/>
        <source>Set the &amp;issuer:</source>
        <translation>设置发布单位(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/bulk_properties_dialog.py" line="56"/>
        <source>Ticked fields are set on all %1 selected releases; an empty field clears the value you set before.</source>
        <translation>勾选的字段将设置到所选的全部 %1 份发布；留空则清除之前设置的值。</translation>
    </message>
</context>
<context>
    <name>CompareDock</name>
    <message>
        <location filename="../../desktop_app/ui/compare_dock.py" line="27"/>
        <source>Compare Indicators</source>
        <translation>指标对比</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_dock.py" line="66"/>
        <source>This figure has no indicator to compare.</source>
        <translation>这个数字没有可对比的指标。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_dock.py" line="156"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_dock.py" line="157"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_dock.py" line="203"/>
        <source>Com&amp;pare Indicators…</source>
        <translation>指标对比(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="70"/>
        <source>Indicator, e.g. 刑事案件 — type to choose</source>
        <translation>指标，如 刑事案件——输入即可选择</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="108"/>
        <source>Copy Chart</source>
        <translation>复制图表</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="109"/>
        <source>Copy the chart as an image</source>
        <translation>把图表复制为图片</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="110"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="111"/>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="114"/>
        <source>Indicator:</source>
        <translation>指标：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="142"/>
        <source>Level</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="142"/>
        <source>Change</source>
        <translation>增减幅度</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="143"/>
        <source>hollow: approximate · square: inferred date</source>
        <translation>空心：约数 · 方块：推断日期</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="156"/>
        <source>No figures to plot</source>
        <translation>没有可绘制的数字</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="173"/>
        <source>No indicator of that name in two or more releases.</source>
        <translation>没有找到这个名称的指标。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="174"/>
        <source>Nearest: %1</source>
        <translation>相近的指标：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="176"/>
        <source>%1 figures from %2 releases · labels merged: %3</source>
        <translation>共 %1 项数字，来自 %2 篇发布 · 合并的指标名称：%3</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/compare_view.py" line="180"/>
        <source>also in other units: %1</source>
        <translation>其他单位：%1</translation>
    </message>
</context>
<context>
    <name>CorrectionMarks</name>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="28"/>
        <source>[corrected] </source>
        <translation>【已修改】</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="33"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="33"/>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="34"/>
        <source>Heading</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="34"/>
        <source>Indicator</source>
        <translation>指标名称</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="35"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="35"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="36"/>
        <source>Borderline</source>
        <translation>边缘数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="36"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="37"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="37"/>
        <source>Issuer</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="51"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="55"/>
        <source>item of the area above</source>
        <translation>上一板块的条目</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="56"/>
        <source>area of its own</source>
        <translation>独立板块</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="58"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="58"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="69"/>
        <source>Corrected by the user. The parser&apos;s version:</source>
        <translation>已修改。解析结果：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="72"/>
        <source>split off from the section before</source>
        <translation>由前一段落拆分而来</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="74"/>
        <source>the section after it was merged into it</source>
        <translation>后一段落已并入本段落</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/correction_marks.py" line="76"/>
        <source>not a figure (added by the user)</source>
        <translation>不是数据（由用户添加）</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="81"/>
        <source>Import Files</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="88"/>
        <source>Import Folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="118"/>
        <source>The PDF was saved as %1.</source>
        <translation>PDF 已保存为 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="119"/>
        <source>PDF Exported</source>
        <translation>已导出 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="120"/>
        <source>Open File</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="121"/>
        <source>Open Containing Folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="133"/>
        <source>Imported: %1 · Skipped (already in the knowledge base): %2 · Refused: %3</source>
        <translation>已导入：%1 个 · 已跳过（知识库中已有）：%2 个 · 未能导入：%3 个</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="136"/>
        <source>Cancelled: %1 files were not imported.</source>
        <translation>已取消：%1 个文件没有导入。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="140"/>
        <source>Not imported yet: %1 files do not look like press releases. Import them anyway?</source>
        <translation>尚未导入：%1 个文件看起来不像新闻稿。仍然导入吗？</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="156"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="165"/>
        <source>Import Anyway</source>
        <translation>仍然导入</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="208"/>
        <source>About Zhiku</source>
        <translation>关于知库</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="212"/>
        <source>About Qt</source>
        <translation>关于 Qt</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="223"/>
        <source>Zhiku ran into an unexpected problem. You can keep working; if something looks wrong, restart Zhiku.</source>
        <translation>知库遇到了一个意外问题。您可以继续工作；如果发现显示异常，请重新启动知库。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="228"/>
        <source>The details were written to %1. Please send this file to whoever maintains Zhiku.</source>
        <translation>详细信息已写入 %1。请把这个文件发给知库的维护人员。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="230"/>
        <source>Open Log</source>
        <translation>打开日志</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="225"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/dialogs.py" line="82"/>
        <source>Press releases (*.txt *.md *.html *.htm *.mhtml *.mht *.docx *.pdf);;All files (*)</source>
        <translation>新闻发布稿 (*.txt *.md *.html *.htm *.mhtml *.mht *.docx *.pdf);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>DocumentOperations</name>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="91"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="96"/>
        <source>Delete “%1” with its sections and figures from the knowledge base? The original file is not touched.</source>
        <translation>要从知识库中删除“%1”及其段落和数据吗？原文件不受影响。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="98"/>
        <source>Delete Document</source>
        <translation>删除文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="98"/>
        <location filename="../../desktop_app/ui/operations.py" line="127"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="105"/>
        <location filename="../../desktop_app/ui/operations.py" line="137"/>
        <source>Deleting…</source>
        <translation>正在删除…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="116"/>
        <location filename="../../desktop_app/ui/operations.py" line="151"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="125"/>
        <source>Delete %1 documents with their sections and figures from the knowledge base? The original files are not touched.</source>
        <translation>从知识库中删除这 %1 份文档及其段落和指标？原文件不受影响。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="127"/>
        <source>Delete Documents</source>
        <translation>删除文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="164"/>
        <source>Back Up Knowledge Base</source>
        <translation>备份知识库</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="165"/>
        <location filename="../../desktop_app/ui/operations.py" line="174"/>
        <source>Zhiku backups (*.sqlite *.db);;All files (*)</source>
        <translation>知库备份 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="168"/>
        <source>Backup written to %1</source>
        <translation>备份已写入 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="169"/>
        <source>Writing backup…</source>
        <translation>正在写入备份…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="170"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="173"/>
        <location filename="../../desktop_app/ui/operations.py" line="178"/>
        <location filename="../../desktop_app/ui/operations.py" line="315"/>
        <source>Restore from Backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="177"/>
        <source>Replace everything in the knowledge base with the backup %1?</source>
        <translation>要用备份 %1 替换知识库中的全部内容吗？</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="178"/>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="183"/>
        <source>Restoring…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="191"/>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="192"/>
        <source>Another change to the knowledge base is still running.</source>
        <translation>另一项对知识库的修改仍在进行中。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="235"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="236"/>
        <source>Zhiku</source>
        <translation>知库</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="266"/>
        <source>Saving the imported files and updating the search index…</source>
        <translation>正在保存导入的文件并更新搜索索引…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="267"/>
        <source>Importing %1 (%2 of %3)…</source>
        <translation>正在导入 %1（第 %2 个，共 %3 个）…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="272"/>
        <source>About %1 left (%2 MB/s)</source>
        <translation>约剩 %1（%2 MB/秒）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="276"/>
        <source>Rebuilding the search index: %1 of %2 sections…</source>
        <translation>正在重建搜索索引：第 %1 段，共 %2 段…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="308"/>
        <source>Restored from the backup: %1 documents</source>
        <translation>已从备份恢复：%1 篇文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="311"/>
        <source>The damaged knowledge base file was kept as %1.</source>
        <translation>损坏的知识库文件已保留为 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/operations.py" line="313"/>
        <source>The previous knowledge base was kept as %1; delete it once you are sure you do not need it.</source>
        <translation>原来的知识库已保留为 %1；确认不再需要后可以删除。</translation>
    </message>
</context>
<context>
    <name>DocumentPropertiesDialog</name>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="42"/>
        <source>Document Properties</source>
        <translation>文档属性</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="48"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="55"/>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="56"/>
        <source>Dateline:</source>
        <translation>日期行：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="56"/>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="59"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="57"/>
        <source>&amp;Year:</source>
        <translation>年份(&amp;Y)：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="58"/>
        <source>&amp;Issuer:</source>
        <translation>发布单位(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="59"/>
        <source>Source file:</source>
        <translation>源文件：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/properties_dialog.py" line="60"/>
        <source>The year completes a dateline such as 10月14日; documents are sorted by date.</source>
        <translation>年份用来补全“10月14日”这样的日期行；文档按日期排序。</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../desktop_app/ui/reading_pane.py" line="109"/>
        <source>Previous hit (Shift+F3)</source>
        <translation>上一处（Shift+F3）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/reading_pane.py" line="111"/>
        <source>Next hit (F3)</source>
        <translation>下一处（F3）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/reading_pane.py" line="113"/>
        <source>Clear the search marks</source>
        <translation>清除搜索标记</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/reading_pane.py" line="126"/>
        <source>“%1”: %2 / %3</source>
        <translation>“%1”：%2 / %3</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../desktop_app/ui/help_window.py" line="75"/>
        <source>Open Data Folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
<context>
    <name>KnowledgeTreeModel</name>
    <message>
        <location filename="../../desktop_app/ui/tree_model.py" line="133"/>
        <source>{number}. {title} · {figures}</source>
        <translation>{number}、{title} · {figures}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/tree_model.py" line="135"/>
        <source>{title} · {figures}</source>
        <translation>{title} · {figures}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/tree_model.py" line="141"/>
        <source>1 figure</source>
        <translation>1 项指标</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/tree_model.py" line="142"/>
        <source>{count} figures</source>
        <translation>{count} 项指标</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/tree_model.py" line="206"/>
        <source>{kind} ({count})</source>
        <translation>{kind}（{count}）</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="25"/>
        <source>Lead</source>
        <translation>导语</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="26"/>
        <source>Achievements</source>
        <translation>主要成效</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="27"/>
        <source>Outlook</source>
        <translation>展望</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="28"/>
        <source>Priorities</source>
        <translation>下一步重点</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="29"/>
        <source>Credits</source>
        <translation>署名</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="30"/>
        <location filename="../../desktop_app/ui/labels.py" line="44"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="37"/>
        <source>Percent</source>
        <translation>百分比</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="38"/>
        <source>Percentage points</source>
        <translation>百分点</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="39"/>
        <source>Money</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="40"/>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="41"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="42"/>
        <source>Ratio</source>
        <translation>比率</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="43"/>
        <source>Multiple</source>
        <translation>倍数</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="104"/>
        <source>{kind} {number}</source>
        <translation>{kind}{number}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="139"/>
        <source>Untitled document</source>
        <translation>无标题文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/labels.py" line="149"/>
        <source>{year}, {dateline}</source>
        <translation>{year}年{dateline}</translation>
    </message>
</context>
<context>
    <name>LibraryWatch</name>
    <message>
        <location filename="../../desktop_app/ui/library_watch.py" line="95"/>
        <source>“%1” was deleted by another program.</source>
        <translation>“%1”已被另一个程序删除。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/library_watch.py" line="97"/>
        <source>“%1” was changed by another program and is shown as it is now.</source>
        <translation>“%1”已被另一个程序修改，现显示修改后的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/library_watch.py" line="99"/>
        <source>Changes made by another program are shown.</source>
        <translation>已显示另一个程序所做的修改。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/library_watch.py" line="100"/>
        <source>Changes made by another program are shown: %1 added, %2 deleted, %3 changed.</source>
        <translation>已显示另一个程序所做的修改：新增 %1 篇，删除 %2 篇，修改 %3 篇。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="97"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="106"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="113"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="122"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="125"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="137"/>
        <location filename="../../desktop_app/ui/main_window.py" line="599"/>
        <source>Zhiku</source>
        <translation>知库</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="166"/>
        <location filename="../../desktop_app/ui/main_window.py" line="175"/>
        <source>Contents</source>
        <translation>目录</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="176"/>
        <source>Search Results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="177"/>
        <source>Releases</source>
        <translation>发布列表</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="189"/>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="198"/>
        <source>Search (Ctrl+K)</source>
        <translation>搜索（Ctrl+K）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="200"/>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="201"/>
        <source>The data folder cannot be written: you can read, search, print and back up, but not import, edit or delete.</source>
        <translation>数据文件夹不可写：可以阅读、搜索、打印和备份，但不能导入、修改或删除。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="212"/>
        <source>&amp;Metrics Table</source>
        <translation>指标表(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="214"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="414"/>
        <source>Opening the knowledge base…</source>
        <translation>正在打开知识库…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="415"/>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="421"/>
        <source>Preparing the knowledge base: %1 / %2</source>
        <translation>正在准备知识库：%1 / %2</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="428"/>
        <source>Upgrading the knowledge base for the new parser: %1 / %2 documents</source>
        <translation>正在用新版解析器升级知识库：%1 / %2 篇文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="442"/>
        <source>Search ready</source>
        <translation>搜索就绪</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="451"/>
        <source>Search unavailable</source>
        <translation>搜索不可用</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="496"/>
        <source>Documents: %1 · Sections: %2 · Figures: %3</source>
        <translation>%1 篇文档 · %2 个段落 · %3 项指标</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="558"/>
        <source>“%1” is no longer in the knowledge base: another program (the command line or another Zhiku window) deleted it.</source>
        <translation>“%1”已不在知识库中：另一个程序（命令行或另一个知库窗口）删除了它。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="595"/>
        <source>The knowledge base is empty. Use File → Import Files… or drop files here.</source>
        <translation>知识库是空的。请使用“文件 → 导入文件…”，或把文件拖到这里。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="1176"/>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="1177"/>
        <source>Zhiku is still writing to the knowledge base.</source>
        <translation>知库仍在写入知识库。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="774"/>
        <source>Zhiku User Guide</source>
        <translation>知库使用说明</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/main_window.py" line="781"/>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="52"/>
        <source>The knowledge base is busy</source>
        <translation>知识库正忙</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="53"/>
        <source>Another Zhiku window or command is writing to it. Wait a moment and try again.</source>
        <translation>另一个知库窗口或命令正在写入。请稍等片刻再试。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="55"/>
        <source>No longer in the knowledge base</source>
        <translation>知识库中已没有这一项</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="56"/>
        <source>It may have been deleted by another window or command. The list has been refreshed.</source>
        <translation>它可能已被另一个窗口或命令删除。列表已刷新。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="58"/>
        <source>The knowledge base is read-only</source>
        <translation>知识库是只读的</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="59"/>
        <source>Its data folder cannot be written (a read-only disk or no permission). You can still read, search, print and back it up. To change it, get write permission or restore a backup into a folder you can write.</source>
        <translation>它的数据文件夹不可写（只读磁盘或没有权限）。仍可以阅读、搜索、打印和备份。如需修改，请取得写入权限，或把备份恢复到一个可写的文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="63"/>
        <source>Cannot restore from this backup</source>
        <translation>无法从这个备份恢复</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="64"/>
        <source>The knowledge base was not changed. Choose another backup file — one written by Zhiku&apos;s File → Back Up Knowledge Base…</source>
        <translation>知识库没有任何改动。请另选一个备份文件——由知库的“文件 → 备份知识库…”写出的文件。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="67"/>
        <source>This data folder holds other files</source>
        <translation>这个数据文件夹中有其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="68"/>
        <source>Zhiku writes and deletes files in its data folder, so it leaves this one alone. Choose another data folder (start Zhiku with --data-dir FOLDER), or move the files named above elsewhere.</source>
        <translation>知库会在数据文件夹中写入和删除文件，因此不会使用这个文件夹。请另选一个数据文件夹（用 --data-dir 文件夹 启动知库），或把上面列出的文件移到别处。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="72"/>
        <source>Cannot use the knowledge base</source>
        <translation>无法使用知识库</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="73"/>
        <source>Check that the disk has free space and that the data folder can be written. If the database is damaged, restore a backup with File → Restore from Backup…</source>
        <translation>请检查磁盘是否有剩余空间、数据文件夹是否可写。如果数据库已损坏，请用“文件 → 从备份恢复…”恢复备份。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="77"/>
        <source>Cannot make this correction</source>
        <translation>无法修改</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="79"/>
        <source>Cannot read the file</source>
        <translation>无法读取文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="84"/>
        <source>No permission</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="85"/>
        <source>Check that you are allowed to read and write this file or folder.</source>
        <translation>请确认您有权读写这个文件或文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="87"/>
        <source>File not found</source>
        <translation>找不到文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="88"/>
        <source>The file or folder was moved or deleted. Choose it again.</source>
        <translation>文件或文件夹已被移动或删除。请重新选择。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="90"/>
        <source>Cannot access the file</source>
        <translation>无法访问文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="91"/>
        <source>Check that the disk is connected, has free space and that the file is not open elsewhere.</source>
        <translation>请检查磁盘是否已连接、是否有剩余空间，以及文件是否正被其他程序占用。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="92"/>
        <source>Something went wrong</source>
        <translation>出现问题</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="92"/>
        <source>Try again; if it happens again, see the log in the data folder.</source>
        <translation>请再试一次；如果问题重复出现，请查看数据文件夹中的日志。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/messages.py" line="80"/>
        <source>Zhiku reads press releases saved as .txt, .md, .html, .mhtml, .docx or .pdf. Save Word .doc or WPS files as .docx or .txt and import them again; for a PDF, the message above says what to do.</source>
        <translation>知库可以读取 .txt、.md、.html、.mhtml、.docx 和 .pdf 格式的新闻发布稿。请把 Word .doc 或 WPS 文件另存为 .docx 或 .txt 后再导入；PDF 文件请按上面的提示处理。</translation>
    </message>
</context>
<context>
    <name>MetricCard</name>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="123"/>
        <source>Compare across releases</source>
        <translation>跨发布对比</translation>
    </message>
</context>
<context>
    <name>MetricCardPanel</name>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="480"/>
        <source>Show fewer ▴</source>
        <translation>收起 ▴</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="481"/>
        <source>Show only the first rows of figures</source>
        <translation>只显示前几行数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="483"/>
        <source>+%1 more ▾</source>
        <translation>另有 %1 项 ▾</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="484"/>
        <source>Show all %1 figures</source>
        <translation>显示全部 %1 项数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="488"/>
        <source>Cards</source>
        <translation>卡片</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="489"/>
        <source>Show the figures as cards</source>
        <translation>以卡片显示数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="491"/>
        <source>Compact</source>
        <translation>紧凑</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="492"/>
        <source>Show the figures as one compact line</source>
        <translation>以一行紧凑条显示数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metric_cards.py" line="496"/>
        <source>There is no room for cards here: make the window taller or close the metrics table</source>
        <translation>此处放不下卡片：请把窗口拉高，或关闭指标表</translation>
    </message>
</context>
<context>
    <name>MetricsPanel</name>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="54"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="59"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="91"/>
        <source>Show only one kind of figure</source>
        <translation>只显示一种类型的数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="92"/>
        <source>Show only one unit</source>
        <translation>只显示一种单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="93"/>
        <source>min</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="94"/>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="97"/>
        <source>Filter indicators…</source>
        <translation>筛选指标…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="107"/>
        <source>Value:</source>
        <translation>数值：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="67"/>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="139"/>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="68"/>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="141"/>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="183"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="247"/>
        <source>Export Metrics as CSV</source>
        <translation>将指标导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="248"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_panel.py" line="61"/>
        <source>Compare across releases</source>
        <translation>跨发布对比</translation>
    </message>
</context>
<context>
    <name>MetricsTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="114"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="114"/>
        <source>Figure</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="114"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="114"/>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="115"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="115"/>
        <source>Qualifier</source>
        <translation>限定</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="115"/>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="115"/>
        <source>Section</source>
        <translation>段落</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="116"/>
        <location filename="../../desktop_app/ui/metrics_table.py" line="213"/>
        <source>Release</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="116"/>
        <location filename="../../desktop_app/ui/metrics_table.py" line="213"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/metrics_table.py" line="213"/>
        <source>Release ID</source>
        <translation>发布编号</translation>
    </message>
</context>
<context>
    <name>PageBuilder</name>
    <message>
        <location filename="../../desktop_app/ui/page_builder.py" line="121"/>
        <source>Press release</source>
        <translation>新闻发布</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <location filename="../../desktop_app/ui/print_render.py" line="185"/>
        <source>Cannot start printing to %1.</source>
        <translation>无法开始打印到 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/print_render.py" line="198"/>
        <source>Cannot finish printing to %1.</source>
        <translation>无法完成打印到 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/print_render.py" line="326"/>
        <source>this is a folder, not a file name</source>
        <translation>这是一个文件夹，不是文件名</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/print_render.py" line="328"/>
        <source>not a regular file (a device or a pipe); Zhiku will not replace it</source>
        <translation>它不是普通文件（如设备或管道），知库不会替换它</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/print_render.py" line="379"/>
        <source>the PDF was not written completely</source>
        <translation>PDF 没有完整写入</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="61"/>
        <source>Export PDF</source>
        <translation>导出 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="62"/>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="89"/>
        <source>Print Summary</source>
        <translation>打印摘要</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="112"/>
        <source>Print Preview</source>
        <translation>打印预览</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="122"/>
        <source>No printer installed</source>
        <translation>没有安装打印机</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="123"/>
        <source>No printer is installed on this computer, so the summary cannot be printed.</source>
        <translation>这台电脑没有安装打印机，无法打印摘要。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="125"/>
        <source>Install a printer in the system settings, or use File → Export PDF… and print the PDF elsewhere.</source>
        <translation>请在系统设置中安装打印机，或使用“文件 → 导出 PDF…”，再在其他电脑上打印该 PDF。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="140"/>
        <source>Nothing to print</source>
        <translation>没有可打印的内容</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="141"/>
        <source>Select a section or a document, tick sections in the tree, or run a search first.</source>
        <translation>请先选择一个段落或文档、在目录中勾选段落，或进行一次搜索。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="249"/>
        <source>Ticked sections (%1)</source>
        <translation>勾选的段落（%1 个）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="258"/>
        <source>Current search results: %1</source>
        <translation>当前搜索结果：%1</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="253"/>
        <source>Current section</source>
        <translation>当前段落</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="254"/>
        <source>Selected sections (%1)</source>
        <translation>选中的段落（%1 个）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="262"/>
        <source>Whole document</source>
        <translation>整篇文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="334"/>
        <source>&amp;Print…</source>
        <translation>打印(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="336"/>
        <source>Print Pre&amp;view…</source>
        <translation>打印预览(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="338"/>
        <source>&amp;Export PDF…</source>
        <translation>导出 PDF(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="357"/>
        <source>Still loading</source>
        <translation>仍在加载</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="358"/>
        <source>The knowledge base is still being opened.</source>
        <translation>知识库仍在打开中。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="359"/>
        <source>Wait until the status bar says it is ready, then try again.</source>
        <translation>请等状态栏显示就绪后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/printing.py" line="385"/>
        <source>PDF saved: %1</source>
        <translation>PDF 已保存：%1</translation>
    </message>
</context>
<context>
    <name>ReleaseList</name>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="66"/>
        <source>Filter by title, issuer or file name</source>
        <translation>按标题、发布单位或文件名筛选</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="70"/>
        <source>No grouping</source>
        <translation>不分组</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="71"/>
        <source>By year</source>
        <translation>按年份分组</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="72"/>
        <source>By issuer</source>
        <translation>按发布单位分组</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="101"/>
        <source>Open Original File</source>
        <translation>打开原文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="102"/>
        <source>Open Containing Folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="103"/>
        <source>Properties…</source>
        <translation>属性…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="104"/>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="105"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="163"/>
        <source>%1 releases</source>
        <translation>共 %1 份发布</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_list.py" line="164"/>
        <source>%1 of %2 releases</source>
        <translation>%2 份发布中显示 %1 份</translation>
    </message>
</context>
<context>
    <name>ReleaseListModel</name>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="166"/>
        <source>No year</source>
        <translation>未注明年份</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="166"/>
        <source>No issuer</source>
        <translation>未注明发布单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="171"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="241"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="241"/>
        <source>Issuer</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="241"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="241"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="241"/>
        <source>Figures</source>
        <translation>指标数</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/release_model.py" line="242"/>
        <source>Imported</source>
        <translation>导入时间</translation>
    </message>
</context>
<context>
    <name>ScopeDialog</name>
    <message>
        <location filename="../../desktop_app/ui/scope_dialog.py" line="46"/>
        <source>What to print</source>
        <translation>打印内容</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/scope_dialog.py" line="48"/>
        <source>Summary of:</source>
        <translation>摘要范围：</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../desktop_app/ui/search_box.py" line="40"/>
        <source>Recent searches</source>
        <translation>最近的搜索</translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <location filename="../../desktop_app/ui/search_controller.py" line="82"/>
        <source>Preparing search…</source>
        <translation>正在准备搜索…</translation>
    </message>
</context>
<context>
    <name>SearchFilters</name>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="106"/>
        <source>All sections</source>
        <translation>全部段落</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="109"/>
        <location filename="../../desktop_app/ui/search_filters.py" line="159"/>
        <source>All documents</source>
        <translation>全部文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="110"/>
        <source>Type part of a title to find a release</source>
        <translation>输入标题中的几个字查找发布</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="114"/>
        <source>A date such as 2022-10-14 or 2022年10月14日 (inclusive); releases without a date are left out</source>
        <translation>日期，如 2022-10-14 或 2022年10月14日（含当日）；未注明日期的发布不计入</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="117"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="120"/>
        <source>Issuer</source>
        <translation>发布单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="121"/>
        <source>Releases whose issuer contains this text</source>
        <translation>发布单位包含此文字的发布</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="138"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_filters.py" line="140"/>
        <source>To</source>
        <translation>到</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../desktop_app/ui/search_panel.py" line="91"/>
        <source>No release title contains “%1” alone: pick one from the list.</source>
        <translation>没有唯一一篇发布的标题包含“%1”：请从列表中选择。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_panel.py" line="116"/>
        <source>Nothing found for “%1”.</source>
        <translation>没有找到“%1”。</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_panel.py" line="120"/>
        <source>%1 sections found · %2 listed (scroll for more)</source>
        <translation>共找到 %1 个段落 · 已列出 %2 个（滚动查看更多）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_panel.py" line="123"/>
        <source>%1 hits in %2 sections</source>
        <translation>%2 个段落中共 %1 处</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_panel.py" line="141"/>
        <source>%1 undated releases not counted</source>
        <translation>%1 篇未注明日期的发布未计入</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <location filename="../../desktop_app/ui/search_model.py" line="168"/>
        <source>%1 (%2 sections)</source>
        <translation>%1（%2 个段落）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_model.py" line="168"/>
        <source>Untitled document</source>
        <translation>无标题文档</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_model.py" line="182"/>
        <source>%1 › %2</source>
        <translation>%1 › %2</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/search_model.py" line="183"/>
        <source>%1 hits</source>
        <translation>%1 处</translation>
    </message>
</context>
<context>
    <name>TrendTableModel</name>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="36"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="36"/>
        <source>Release</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="36"/>
        <source>As written</source>
        <translation>原文数字</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="36"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="37"/>
        <source>Change</source>
        <translation>较上次变化</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="37"/>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="68"/>
        <source>undated</source>
        <translation>日期不详</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="90"/>
        <source>Date inferred by Zhiku (from the text or the file name), not written in full</source>
        <translation>日期由知库推断（据正文或文件名），原文未写全</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="92"/>
        <source>Approximate: the release gives %1</source>
        <translation>约数：原文为 %1</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/trend_model.py" line="94"/>
        <source>No earlier release in this series to compare with</source>
        <translation>本序列没有更早的发布可比较</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="31"/>
        <source>&amp;Import Files…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="32"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="33"/>
        <source>Import press releases (Ctrl+O); you can also drop files on the window</source>
        <translation>导入新闻发布稿（Ctrl+O）；也可以把文件拖到窗口上</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="34"/>
        <source>Import &amp;Folder…</source>
        <translation>导入文件夹(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="35"/>
        <source>&amp;Back Up Knowledge Base…</source>
        <translation>备份知识库(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="36"/>
        <source>&amp;Restore from Backup…</source>
        <translation>从备份恢复(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="37"/>
        <source>Document Pr&amp;operties…</source>
        <translation>文档属性(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="38"/>
        <source>&amp;Delete Document…</source>
        <translation>删除文档(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="39"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="41"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="42"/>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="43"/>
        <source>Find &amp;Next</source>
        <translation>查找下一处(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="44"/>
        <source>Find &amp;Previous</source>
        <translation>查找上一处(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="45"/>
        <source>&amp;Tick All Sections</source>
        <translation>勾选全部段落(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="46"/>
        <source>Untic&amp;k All Sections</source>
        <translation>取消勾选全部段落(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="47"/>
        <source>&amp;Expand All</source>
        <translation>全部展开(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="48"/>
        <source>Collap&amp;se All</source>
        <translation>全部折叠(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="49"/>
        <source>&amp;Contents</source>
        <translation>目录(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="50"/>
        <source>Search &amp;Results</source>
        <translation>搜索结果(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="58"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="59"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="64"/>
        <source>&amp;About Zhiku</source>
        <translation>关于知库(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="66"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="51"/>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="52"/>
        <source>Back to what you looked at before (Alt+←)</source>
        <translation>回到之前看过的内容（Alt+←）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="53"/>
        <source>&amp;Forward</source>
        <translation>前进(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="54"/>
        <source>Forward again (Alt+→)</source>
        <translation>再前进（Alt+→）</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="60"/>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="61"/>
        <source>&amp;User Guide</source>
        <translation>使用说明(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="62"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/actions.py" line="63"/>
        <source>Open &amp;Data Folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
</context>
<context>
    <name>WindowCorrections</name>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="75"/>
        <location filename="../../desktop_app/ui/corrections.py" line="203"/>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="79"/>
        <location filename="../../desktop_app/ui/corrections.py" line="204"/>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="89"/>
        <source>Make an &amp;Item of the Area Above</source>
        <translation>设为上一板块的条目(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="90"/>
        <source>Make an &amp;Area of Its Own</source>
        <translation>设为独立板块(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="91"/>
        <source>Split at This &amp;Paragraph</source>
        <translation>从此段拆分(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="92"/>
        <source>Split at This Se&amp;ntence</source>
        <translation>从此句拆分(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="93"/>
        <source>&amp;Merge into Previous Section</source>
        <translation>并入上一段落(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="94"/>
        <source>Edit &amp;Heading…</source>
        <translation>修改标题(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="95"/>
        <source>Restore the Parser&apos;s Version of This Section</source>
        <translation>恢复本段落的解析结果</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="96"/>
        <source>Change &amp;Indicator…</source>
        <translation>修改指标名称(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="97"/>
        <source>Change &amp;Unit…</source>
        <translation>修改单位(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="98"/>
        <source>Change &amp;Value…</source>
        <translation>修改数值(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="99"/>
        <source>&amp;Borderline Figure</source>
        <translation>边缘数据(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="101"/>
        <source>Borderline figures are greyed and not shown as key figures</source>
        <translation>边缘数据以灰色显示，不列入关键指标卡片</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="102"/>
        <source>&amp;Remove Figure</source>
        <translation>删除此数据(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="103"/>
        <source>Restore the Parser&apos;s Version of This Figure</source>
        <translation>恢复本数据的解析结果</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="109"/>
        <source>Change &amp;Kind</source>
        <translation>更改类型(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="111"/>
        <source>Correct &amp;Section</source>
        <translation>修改段落(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="104"/>
        <source>&amp;Add as Figure</source>
        <translation>添加为指标(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="105"/>
        <source>Restore the Parser&apos;s Version of This R&amp;elease</source>
        <translation>恢复本文档的解析结果(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="118"/>
        <source>Correct Fi&amp;gure</source>
        <translation>修改数据(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="203"/>
        <source>&amp;Undo %1</source>
        <translation>撤销“%1”(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="204"/>
        <source>&amp;Redo %1</source>
        <translation>重做“%1”(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="246"/>
        <source>Change Kind</source>
        <translation>更改类型</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="251"/>
        <location filename="../../desktop_app/ui/corrections.py" line="256"/>
        <source>Change Level</source>
        <translation>更改层级</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="267"/>
        <source>Merge Sections</source>
        <translation>合并段落</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="274"/>
        <location filename="../../desktop_app/ui/corrections.py" line="278"/>
        <source>Edit Heading</source>
        <translation>修改标题</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="274"/>
        <source>Heading shown for this section:</source>
        <translation>本段落显示的标题：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="298"/>
        <source>Split Section</source>
        <translation>拆分段落</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="313"/>
        <location filename="../../desktop_app/ui/corrections.py" line="317"/>
        <source>Change Indicator</source>
        <translation>修改指标名称</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="314"/>
        <source>What “%1” measures:</source>
        <translation>“%1”的指标名称：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="324"/>
        <location filename="../../desktop_app/ui/corrections.py" line="329"/>
        <source>Change Unit</source>
        <translation>修改单位</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="325"/>
        <source>Unit of “%1” (such as %, 元, 人次 or 元/人):</source>
        <translation>“%1”的单位（如 %、元、人次或 元/人）：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="336"/>
        <location filename="../../desktop_app/ui/corrections.py" line="341"/>
        <source>Change Value</source>
        <translation>修改数值</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="337"/>
        <source>Value of “%1” (a number, or a range such as 800-1000):</source>
        <translation>“%1”的数值（一个数，或范围如 800-1000）：</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="348"/>
        <source>Unmark Borderline</source>
        <translation>取消边缘数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="348"/>
        <source>Mark Borderline</source>
        <translation>标为边缘数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="354"/>
        <source>Remove Figure</source>
        <translation>删除数据</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="363"/>
        <source>Add Figure</source>
        <translation>添加指标</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="373"/>
        <source>Restore Section</source>
        <translation>恢复段落的解析结果</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="379"/>
        <source>Restore Figure</source>
        <translation>恢复数据的解析结果</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="384"/>
        <source>Restore Release</source>
        <translation>恢复文档的解析结果</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="405"/>
        <source>Saving the correction…</source>
        <translation>正在保存修改…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/ui/corrections.py" line="458"/>
        <source>Edit Properties</source>
        <translation>修改文档属性</translation>
    </message>
</context>
</TS>
