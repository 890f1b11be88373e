"""Structure of releases: title, dateline, issuer, credits and sections, on each form of the genre."""
import json
from itertools import pairwise
from pathlib import Path

import pytest

from desktop_app.core.model import Credits
from desktop_app.core.numbers import parse_ordinal
from desktop_app.core.parser import parse_file, parse_text
from desktop_app.core.structure import analyse

DATA = Path(__file__).resolve().parents[1] / "data"


def _outline(text):
    """(kind, number, heading) of each section, the way a reader would check them."""
    return [(s.kind, s.number, s.heading) for s in analyse(text).sections]


def _areas(text):
    """Only the achievement/priority sections: (kind, form, heading)."""
    return [(s.kind, s.form, s.heading) for s in analyse(text).sections
            if s.kind in ("achievement", "priority")]


def _data(name):
    return (DATA / name).read_text(encoding="utf-8")


# --- the seed against its gold fixture ---------------------------------------------------------

@pytest.fixture(scope="module")
def seed_document():
    return parse_file(Path(__file__).resolve().parents[2] / "seeds" / "000_fdae50e4b2650f6d.txt")


@pytest.fixture(scope="module")
def seed_gold():
    return json.loads((DATA / "seed.gold.json").read_text(encoding="utf-8"))


def test_seed_sections_match_the_fixture(seed_document, seed_gold):
    """All 13 sections: kinds, numbers, keywords, headings, starts and ends."""
    assert seed_document.to_json()["sections"] == seed_gold["sections"]


def test_seed_header_and_credits(seed_document, seed_gold):
    assert seed_document.title == seed_gold["title"]
    assert seed_document.dateline == "10月14日"
    assert seed_document.issuer == "中共淄博市委宣传部"
    assert seed_document.credits == Credits(**seed_gold["credits"])
    assert seed_document.warnings == ()


def test_seed_inline_reporter_credit_is_not_in_the_last_priority(seed_document):
    last_priority = [s for s in seed_document.sections if s.kind == "priority"][-1]
    text = seed_document.text[last_priority.start:last_priority.end]
    assert text.endswith("公平正义。")
    credits = seed_document.sections[-1]
    assert seed_document.text[credits.start:credits.end].startswith("(记者 张铭)")


def test_seed_sections_cover_the_body_in_order(seed_document):
    sections = seed_document.sections
    assert sections[0].start == len(seed_document.title) + 1
    assert sections[-1].end == len(seed_document.text.rstrip())
    for before, after in pairwise(sections):
        assert before.end <= after.start
        assert seed_document.text[before.end:after.start].strip() == ""


def test_parse_text_normalises_line_ends_and_bom(seed_document):
    crlf = "\ufeff" + seed_document.text.replace("\n", "\r\n")
    again = parse_text(crlf)
    assert again.text == seed_document.text
    assert again.sections == seed_document.sections


# --- heading lines --------------------------------------------------------------------------------

def test_unnumbered_heading_lines_between_paragraphs():
    text = ("全市生态环境质量持续改善\n"
            "记者从市生态环境局获悉，2022年全市生态环境质量持续改善，主要污染物浓度持续下降。\n"
            "空气质量稳中向好\n"
            "全年空气质量优良天数达到300天，比上年增加12天，细颗粒物平均浓度下降5.4%。\n"
            "水环境质量全面提升\n"
            "全市12个国控断面水质优良比例达到91.7%，比上年提高4.2个百分点。\n")
    assert _outline(text) == [
        ("lead", 1, None),
        ("achievement", 1, "空气质量稳中向好"),
        ("achievement", 2, "水环境质量全面提升"),
    ]
    assert analyse(text).issuer == "市生态环境局"


@pytest.mark.parametrize("markers", [("一、", "二、", "三、"), ("（一）", "（二）", "（三）"),
                                     ("(一)", "(二)", "(三)"), ("1.", "2.", "3."),
                                     ("１．", "２．", "３．"), ("1、", "2、", "3、")])
def test_numbered_heading_lines(markers):
    body = ["全年粮食总产量达到38万吨，同比增长2.1%。", "农村居民人均可支配收入达到21560元，增长7.2%。",
            "完成农村改厕1.2万户，建成美丽乡村示范村15个。"]
    names = ("粮食生产再获丰收", "农民收入稳步提高", "人居环境持续改善")
    headings = [f"{m}{h}" for m, h in zip(markers, names, strict=True)]
    text = "县农业农村局2023年工作总结\n2023年，县农业农村局各项工作取得了新成效。\n" + "".join(
        f"{h}\n{b}\n" for h, b in zip(headings, body, strict=True))
    assert _areas(text) == [("achievement", "heading_line", h) for h in headings]


def test_label_numbered_headings():
    """关注点一： / 关注点二： heading lines; the one about this year's plans is a priority."""
    assert _areas(_data("structure_label_headings.txt")) == [
        ("achievement", "heading_line", "关注点一：经济总量再上新台阶"),
        ("achievement", "heading_line", "关注点二：民生投入持续加大"),
        ("priority", "heading_line", "关注点三：今年将实施十大工程"),
    ]


def test_numbered_headings_ending_with_full_stop_keep_it():
    text = ("我市农村经济稳步发展\n2014年，全市农村经济继续保持快速增长态势，呈现出两个新亮点。\n"
            "一、粮食产量稳步增长，粮食生产能力持续增强。\n粮食总产达106.68亿斤，比2005年增加59.4亿斤。\n"
            "二、畜牧结构日趋优化，规模化进程稳步推进。\n规模养殖比重达70%，比上年提高5个百分点。\n")
    assert _areas(text) == [
        ("achievement", "heading_line", "一、粮食产量稳步增长，粮食生产能力持续增强。"),
        ("achievement", "heading_line", "二、畜牧结构日趋优化，规模化进程稳步推进。"),
    ]
    assert analyse(text).warnings == ()


def test_heading_spanning_two_lines_is_one_section():
    document = analyse(_data("structure_two_line_heading.txt"))
    areas = [s for s in document.sections if s.kind == "achievement"]
    assert [s.heading for s in areas] == ["空气质量", "水环境质量"]
    text = _data("structure_two_line_heading.txt")
    assert text[areas[0].start:areas[0].end].startswith("空气质量\n稳中向好\n全年空气质量")


def test_category_headings_over_their_own_lists():
    """一、2022年工作情况 / 二、2023年工作打算 each over （一）（二）: the heading and its items
    are all sections of the kind of what the heading holds."""
    sections = analyse(_data("structure_category.txt")).sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("lead", None),
        ("achievement", "一、2022年工作情况"),
        ("achievement", "（一）经济运行稳中有进"),
        ("achievement", "（二）重大项目建设提速"),
        ("priority", "二、2023年工作打算"),
        ("priority", "（一）全力稳定经济增长"),
        ("priority", "（二）持续扩大有效投资"),
    ]


# --- enumerated paragraphs and inline items ------------------------------------------------------

def test_paragraphs_led_by_yi_shi_with_announced_count_mismatch():
    text = ("节能减排成效显著\n“十一五”期间，节能减排取得显著成效，主要体现在三个方面：\n"
            "\u3000\u3000一是单位GDP能耗下降了19.1%。能源消费弹性系数由1.04下降到0.59。\n"
            "\u3000\u3000\n"
            "\u3000\u3000二是促进了结构优化升级。钢铁行业大型高炉比重由21%上升到52%。\n"
            "\u3000\u3000三是推动了技术进步。干熄焦技术普及率提高到80%以上。\n"
            "\u3000\u3000四是环境质量有所改善。二氧化硫年均浓度下降26.3%。\n")
    document = analyse(text)
    assert _areas(text) == [
        ("achievement", "paragraph_lead", "一是单位GDP能耗下降了19.1%"),
        ("achievement", "paragraph_lead", "二是促进了结构优化升级"),
        ("achievement", "paragraph_lead", "三是推动了技术进步"),
        ("achievement", "paragraph_lead", "四是环境质量有所改善"),
    ]
    first = document.sections[1]
    assert text[first.start:first.start + 2] == "一是"  # indentation excluded
    assert len(document.warnings) == 1
    assert "三个方面" in document.warnings[0] and "4" in document.warnings[0]


def test_paragraphs_led_by_di_yi_are_priorities_of_a_plan():
    text = ("我省出台措施支持民营经济发展\n日前，省政府办公厅印发《若干措施》，从四个方面提出具体举措。\n"
            "第一，降低企业经营成本。到2025年，全省将累计为民营企业减税降费500亿元以上。\n"
            "第二，加大金融支持力度。各银行要确保民营企业贷款增速不低于各项贷款平均增速。\n"
            "第三，优化营商环境。全面推行“一网通办”，企业开办时间压缩至1个工作日以内。\n"
            "第四，保护企业合法权益。依法平等保护民营企业产权和企业家权益。\n")
    document = analyse(text)
    assert [(s.kind, s.number, s.heading) for s in document.sections[1:]] == [
        ("priority", 1, "第一，降低企业经营成本"), ("priority", 2, "第二，加大金融支持力度"),
        ("priority", 3, "第三，优化营商环境"), ("priority", 4, "第四，保护企业合法权益")]
    assert document.issuer == "省政府办公厅"
    assert document.warnings == ()


def test_inline_enumeration_inside_one_paragraph():
    text = ("今年以来我区就业形势总体稳定\n今年以来，全区就业形势保持总体稳定，呈现三个特点。"
            "一是城镇新增就业稳步增长，新增就业1.2万人；二是重点群体就业得到保障，就业率达到92.5%；"
            "三是失业率控制在较低水平，城镇调查失业率为4.8%。\n"
            "下一步，区人社局将继续落实就业优先政策，确保全年目标任务完成。\n")
    sections = analyse(text).sections
    assert [(s.kind, s.form, s.heading) for s in sections] == [
        ("lead", None, None),
        ("achievement", "inline", "一是城镇新增就业稳步增长，新增就业1.2万人"),
        ("achievement", "inline", "二是重点群体就业得到保障，就业率达到92.5%"),
        ("achievement", "inline", "三是失业率控制在较低水平，城镇调查失业率为4.8%"),
        ("priority", "paragraph_lead", "下一步，区人社局将继续落实就业优先政策，确保全年目标任务完成"),
    ]
    assert text[sections[0].start:sections[0].end].endswith("呈现三个特点。")
    assert text[sections[1].start:sections[1].end].endswith("1.2万人；")
    assert analyse(text).warnings == ()


def test_outlook_paragraph_then_priorities_with_keywords():
    """下一步…重点做好三方面工作 then one paragraph per priority, 围绕一个“X”字 giving the keyword."""
    text = ("我市政法工作新闻发布会召开\n"
            "5月8日，市委政法委召开新闻发布会，介绍全市政法工作情况。\n"
            "过去一年，全市政法机关共破获刑事案件3200余起，群众安全感达到98%以上，取得了明显成效。\n"
            "会议强调，下一步，全市政法机关将坚持目标导向，重点做好三方面工作。\n"
            "围绕一个“稳”字，进一步维护社会大局稳定。持续开展风险隐患排查化解。\n"
            "围绕一个“新”字，进一步推进社会治理创新。推广网格化管理经验。\n"
            "围绕一个“实”字，进一步办好民生实事。持续开展“我为群众办实事”活动。\n")
    sections = analyse(text).sections
    assert [(s.kind, s.number, s.keyword, s.heading) for s in sections] == [
        ("lead", 1, None, None),
        ("outlook", 1, None, None),
        ("priority", 1, "稳", "围绕一个“稳”字，进一步维护社会大局稳定"),
        ("priority", 2, "新", "围绕一个“新”字，进一步推进社会治理创新"),
        ("priority", 3, "实", "围绕一个“实”字，进一步办好民生实事"),
    ]
    assert text[sections[1].start:sections[1].end].startswith("会议强调，下一步")
    assert analyse(text).dateline == "5月8日"
    assert analyse(text).issuer == "市委政法委"


def test_outlook_before_a_numbered_list_and_credits():
    document = analyse(_data("structure_outlook.txt"))
    assert [(s.kind, s.form) for s in document.sections] == [
        ("lead", None), ("outlook", None), ("priority", "paragraph_lead"),
        ("priority", "paragraph_lead"), ("priority", "paragraph_lead"), ("credits", None)]
    assert document.credits == Credits(reporter="王芳", editor="李明")


def test_trailing_plan_paragraph_after_numbered_achievements_is_a_priority():
    text = ("我市农村经济稳步发展\n2014年，全市农村经济继续保持快速增长态势。\n"
            "一、粮食产量稳步增长。\n全市粮食总产达106.68亿斤，比上年增长3.2%。\n"
            "二、农民收入继续增长。\n农村居民人均可支配收入为12443元，比上年增长13.1%。\n"
            "   2015年，我市将继续坚持优质粮食、绿色果蔬一体化发展格局。新的一年，力争实现农民持续增收。\n")
    assert _areas(text) == [
        ("achievement", "heading_line", "一、粮食产量稳步增长。"),
        ("achievement", "heading_line", "二、农民收入继续增长。"),
        ("priority", "paragraph_lead", "2015年，我市将继续坚持优质粮食、绿色果蔬一体化发展格局"),
    ]


def test_unnumbered_items_continue_a_short_numbered_list():
    """六大工程 announced, 一是…三是 numbered, then 此外… and a short topic sentence."""
    text = ("江苏六大工程减少污染物排放\n“十二五”期间，江苏省将全力推动四大减排工程。\n"
            "一是加强城镇污水处理设施建设。全省将新增城镇污水日处理能力100万立方米以上。\n"
            "二是全面完成127个畜禽养殖治污工程。到2015年，规模化养殖场都要配备治污设施。\n"
            "2011年，全省各地建成一批再生水利用工程。\n"
            "此外，加快实施脱硫工程。2011年底，全省热电机组综合脱硫效率达60%以上。\n"
            "积极实施机动车减排。江苏将逐步淘汰2005年前注册的运营黄标车。\n")
    document = analyse(text)
    assert [h for _, _, h in _areas(text)] == [
        "一是加强城镇污水处理设施建设", "二是全面完成127个畜禽养殖治污工程",
        "此外，加快实施脱硫工程", "积极实施机动车减排"]
    assert {s.kind for s in document.sections if s.form} == {"priority"}
    assert document.warnings == ()


# --- no headings, captions, width, English, wrapping --------------------------------------------

def test_no_headings_means_lead_only():
    text = ("前三季度全市外贸进出口增长5.3%\n据海关统计，前三季度全市外贸进出口总值1234.5亿元，同比增长5.3%。\n\n"
            "从贸易方式看，一般贸易进出口占比提高到65%，比去年同期提高2.1个百分点。\n")
    assert _outline(text) == [("lead", 1, None)]
    assert analyse(text).sections[0].end == len(text.rstrip())


def test_photo_captions_and_image_names_are_not_headings():
    document = analyse(_data("structure_captions.txt"))
    assert [(s.kind, s.heading) for s in document.sections] == [
        ("other", None), ("lead", None),
        ("achievement", "造林绿化成效明显"), ("priority", "今年目标任务明确")]
    assert document.dateline == "3月12日"
    assert document.sections[1].start == _data("structure_captions.txt").index("3月12日")


def test_full_width_digits_and_punctuation():
    document = analyse(_data("structure_fullwidth.txt"))
    assert document.dateline == "１０月２０日"
    assert document.issuer == "省统计局"
    assert [(s.kind, s.heading) for s in document.sections if s.form] == [
        ("achievement", "一、农业生产形势较好"), ("achievement", "二、工业生产稳步回升"),
        ("achievement", "三、服务业恢复加快")]


def test_ascii_punctuation_mixed_with_chinese():
    """The seed's style: ASCII commas and colons in Chinese text, credits with ASCII colons."""
    text = ("全市安全生产形势稳定\n3月2日,市应急管理局召开新闻发布会,通报全市安全生产情况。\n"
            "事故总量持续下降\n全年共发生生产安全事故56起,同比下降12.5%,死亡人数下降了8.3%。\n"
            "隐患排查全面深入\n全年排查整改隐患1.2万处,整改率达到100%。(记者 刘洋)\n"
            "编辑:赵敏\n校对:孙丽\n")
    document = analyse(text)
    assert [(s.kind, s.heading) for s in document.sections] == [
        ("lead", None), ("achievement", "事故总量持续下降"), ("achievement", "隐患排查全面深入"),
        ("credits", None)]
    assert (document.dateline, document.issuer) == ("3月2日", "市应急管理局")
    assert document.credits == Credits(reporter="刘洋", editor="赵敏", proofreader="孙丽")
    assert text[document.sections[2].start:document.sections[2].end].endswith("达到100%。")


def test_english_release():
    document = analyse(_data("structure_english.txt"))
    assert document.title == "China's energy intensity falls 19.1% in five years"
    assert document.dateline == "Sept. 27"
    assert [(s.kind, s.form, s.heading) for s in document.sections if s.form] == [
        ("achievement", "paragraph_lead", "First, energy consumption per unit of GDP dropped 19.1 percent, "
                                          "supporting an average annual economic growth of 11.2 percent."),
        ("achievement", "paragraph_lead", "Second, emissions of sulfur dioxide fell 14.29 percent over the five years."),
        ("achievement", "paragraph_lead", "Third, the industrial structure was optimized, with the share "
                                          "of large power units rising to 71 percent."),
        ("priority", "paragraph_lead", "1. Control total energy consumption and optimize the energy mix."),
        ("priority", "paragraph_lead", "2. Promote energy-saving technologies in key industries."),
    ]
    assert document.credits.editor == "Li Wei"


def test_hard_wrapped_paragraphs_are_rejoined():
    text = _data("structure_wrapped.txt")
    document = analyse(text)
    assert [(s.kind, s.heading) for s in document.sections] == [
        ("lead", None), ("achievement", "工业生产较快增长"), ("achievement", "消费市场持续回暖")]
    assert text[document.sections[1].start:document.sections[1].end].endswith("新动能加快成长。")


def test_credit_lines_map_to_fields():
    text = ("标题\n正文第一段，介绍有关情况，内容较长以便成为正文段落。\n"
            "责任编辑：张三\n值班主任:李四\n校对 王五\n编审：赵六\n")
    document = analyse(text)
    assert document.credits == Credits(editor="张三", duty_editor="李四", proofreader="王五",
                                       final_reviewer="赵六")
    assert [s.kind for s in document.sections] == ["lead", "credits"]


def test_title_only_and_empty_text():
    assert analyse("只有标题\n").sections == ()
    assert analyse("只有标题\n").title == "只有标题"
    assert analyse("").title is None


@pytest.mark.parametrize(("token", "value"), [("三", 3), ("十", 10), ("十二", 12), ("二十", 20),
                                              ("二十三", 23), ("５", 5), ("12", 12), ("甲", None),
                                              ("三三", None), ("两", 2)])
def test_list_ordinals_parse(token, value):
    """List markers and announced counts (一、 十二是 ５． 三个方面) read as small numbers."""
    assert parse_ordinal(token) == value


# --- unnumbered items, plans, end matter ----------------------------------------------------------

def test_paragraphs_opening_alike_are_items_then_a_closing_plan():
    text = ("非凡十年丨我市交通运输事业实现跨越式发展\n"
            "9月20日，市政府新闻办召开新闻发布会，市交通运输局介绍了十年来全市交通运输发展情况。\n"
            "十年来，全市交通基础设施建设累计完成投资1500亿元，高速公路通车里程达到860公里。\n"
            "十年来，全市农村公路总里程达到2.1万公里，实现了建制村全部通硬化路。\n"
            "十年来，全市新增公交线路120条，公交出行分担率提高到45%。\n"
            "下一步，市交通运输局将加快建设交通强市，当好发展先行。\n"
            "记者 李娜\n编辑 王刚\n")
    document = analyse(text)
    assert [(s.kind, s.form) for s in document.sections] == [
        ("lead", None), ("achievement", "paragraph_lead"), ("achievement", "paragraph_lead"),
        ("achievement", "paragraph_lead"), ("priority", "paragraph_lead"), ("credits", None)]
    assert document.issuer == "市政府新闻办"
    assert document.credits == Credits(reporter="李娜", editor="王刚")


def test_paragraphs_led_by_topic_sentences():
    text = ("省教育厅介绍全省教育改革发展情况\n"
            "11月2日上午，省政府新闻办举行新闻发布会，介绍全省教育改革发展情况。\n"
            "学前教育普及普惠水平持续提升。全省学前三年毛入园率达到91.5%。\n"
            "义务教育均衡发展成效明显。所有县区均通过国家义务教育基本均衡发展认定。\n"
            "下一步，全省教育系统将重点抓好教育评价改革和教师队伍建设。\n")
    assert _areas(text) == [
        ("achievement", "paragraph_lead", "学前教育普及普惠水平持续提升"),
        ("achievement", "paragraph_lead", "义务教育均衡发展成效明显"),
        ("priority", "paragraph_lead", "下一步，全省教育系统将重点抓好教育评价改革和教师队伍建设"),
    ]
    assert analyse(text).issuer == "省政府新闻办"


def test_bracketed_lead_ins_and_attachments():
    text = ("一季度全市经济运行情况\n今年一季度，全市经济运行开局良好，地区生产总值同比增长5.1%。\n"
            "【工业】全市规模以上工业增加值同比增长6.2%，其中高技术制造业增长15%。\n"
            "【消费】全市社会消费品零售总额增长7.3%，餐饮收入增长18.5%。\n"
            "附件：\n1.一季度主要经济指标\n2.各区县主要经济指标\n")
    assert _outline(text) == [
        ("lead", 1, None),
        ("achievement", 1, "【工业】全市规模以上工业增加值同比增长6.2%，其中高技术制造业增长15%"),
        ("achievement", 2, "【消费】全市社会消费品零售总额增长7.3%，餐饮收入增长18.5%"),
        ("other", 1, None),
    ]


def test_plan_document_headings_are_priorities():
    """A 工作要点 lists tasks in the imperative: priorities even without 将/下一步."""
    text = ("我市印发2023年优化营商环境工作要点\n"
            "近日，市政府办公室印发《2023年优化营商环境工作要点》，明确了今年的主要任务。\n"
            "一、提升政务服务效能\n全面推行“一网通办”，实现90%以上政务服务事项全程网办。\n"
            "二、降低企业经营成本\n落实各项减税降费政策，规范涉企收费。\n"
            "三、加强法治保障\n健全涉企执法监督机制，推行包容审慎监管。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["priority"] * 3
    assert analyse(text).issuer == "市政府办公室"


def test_question_lines_are_headings_not_outlooks():
    """A 答记者问 is organised by its questions (问：…？ answered by 答：…): each is a level-1
    heading and what its answer enumerates are its items (the corpus convention, blind5/01);
    a question asking what will be done is a priority heading, not an outlook."""
    text = ("市医保局负责人答记者问\n近日，市医保局出台实施意见，负责人就有关问题回答了记者提问。\n"
            "问：主要内容有哪些？\n答：主要有三项措施。一是完善待遇保障机制；二是健全筹资运行机制；三是建立医保支付机制。\n"
            "问：下一步将如何推动落实？\n答：我们将制定任务分工方案，确保改革任务落地见效。\n")
    sections = analyse(text).sections
    assert [(s.kind, s.form, s.level, s.parent) for s in sections] == [
        ("lead", None, 1, None), ("priority", "heading_line", 1, None), ("priority", "inline", 2, 1),
        ("priority", "inline", 2, 1), ("priority", "inline", 2, 1), ("priority", "heading_line", 1, None)]
    assert text[sections[4].start:sections[4].end] == "三是建立医保支付机制。"
    assert text[sections[-1].start:sections[-1].end].startswith("问：下一步")


def test_closing_sign_off_lines_join_the_credits():
    text = ("关于做好防汛工作的通知\n各区县：当前已进入主汛期，为切实做好防汛工作，现将有关事项通知如下。\n"
            "请各地严格落实防汛责任制，加强值班值守。\n市防汛抗旱指挥部办公室\n2023年6月1日\n")
    sections = analyse(text).sections
    assert [s.kind for s in sections] == ["lead", "credits"]
    assert text[sections[1].start:sections[1].end] == "市防汛抗旱指挥部办公室\n2023年6月1日"


def test_problem_heading_is_other_unless_tackled():
    text = ("全市节能工作回顾与展望\n今年以来，全市节能工作取得积极进展，单位GDP能耗下降3.2%。\n"
            "风险防控能力持续增强\n全年排查化解各类风险隐患1200余处，未发生重大安全事故。\n"
            "当前节能任务依然繁重\n部分行业能耗仍然偏高，结构调整压力较大。\n"
            "实现全年目标需要多策并举\n下一步要加快淘汰落后产能，力争全年能耗下降3%以上。\n")
    assert [(s.kind, s.heading) for s in analyse(text).sections if s.form] == [
        ("achievement", "风险防控能力持续增强"), ("other", "当前节能任务依然繁重"),
        ("priority", "实现全年目标需要多策并举")]


def test_news_agency_dateline_and_reporter_in_the_lead():
    text = ("我国粮食产量再创新高\n新华社北京12月12日电（记者 张三、李四）国家统计局12日发布公告，"
            "全国粮食总产量达到13731亿斤，比上年增加74亿斤，增长0.5%。\n")
    document = analyse(text)
    assert document.dateline == "12月12日"
    assert document.credits.reporter == "张三、李四"


@pytest.mark.parametrize("date_line", ["2023年10月20日", "2023-10-20", "2023年10月20日（星期五）"])
def test_a_date_line_under_the_title_is_the_dateline_not_a_section(date_line):
    """The date on a line of its own under the title belongs with the title; the issuer is
    still read after the date that opens the first paragraph."""
    text = (f"全省前三季度经济运行稳中向好\n{date_line}\n\n"
            "10月20日，省统计局召开新闻发布会，通报全省前三季度经济运行情况。"
            "前三季度全省地区生产总值同比增长5.6%。\n")
    document = analyse(text)
    assert (document.dateline, document.issuer) == (date_line.split("（")[0], "省统计局")
    assert [(s.kind, text[s.start:s.start + 6]) for s in document.sections] == [("lead", "10月20日")]


@pytest.mark.parametrize("chrome", [
    "来源：市农业农村局　发布时间：2024-03-06",
    "发布时间：2024-03-06 09:30　　来源：市农业农村局\n【字体：大 中 小】",
])
def test_the_body_dates_the_release_rather_than_the_page_chrome(chrome):
    """来源…发布时间… dates the web page; the date opening the body is the release's."""
    text = (f"全市春耕生产有序推进\n{chrome}\n\n"
            "3月5日，市农业农村局召开春耕生产调度会，全市已完成春播面积12.6万亩。\n")
    document = analyse(text)
    assert (document.dateline, document.issuer) == ("3月5日", "市农业农村局")


def test_the_page_chrome_dates_the_release_when_the_body_has_no_date():
    text = ("全市春耕生产有序推进\n来源：市农业农村局　发布时间：2024-03-06\n\n"
            "记者从市农业农村局获悉，全市已完成春播面积12.6万亩。\n")
    assert (analyse(text).dateline, analyse(text).issuer) == ("2024-03-06", "市农业农村局")


# --- the corpus of real releases (tests/data/corpus), scored on every run ----------------------

STRUCTURED = ("achievement", "priority")


def _section_hit(gold, section):
    """tests/corpus_score.py's rule: the section starts within 3 characters of the gold heading's
    start, or inside the heading."""
    return (abs(section.start - gold["start"]) <= 3
            or gold["start"] <= section.start < gold["start"] + len(gold.get("heading") or ""))


def test_corpus_sections_meet_the_issue_thresholds():
    """Every level-1 gold achievement/priority section found with no section that matches no gold
    section, and ≥ 95 % with the right kind (the level-1 bar; level-2 items are scored by
    tests/corpus_score.py)."""
    need = found = right_kind = false = 0
    for path in sorted((DATA / "corpus").glob("*.txt")):
        gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))["sections"]
        reported = [s for s in parse_file(path).sections if s.kind in STRUCTURED]
        wanted = [g for g in gold if g["kind"] in STRUCTURED and g.get("level", 1) == 1]
        need += len(wanted)
        found += sum(any(_section_hit(g, s) for s in reported) for g in wanted)
        right_kind += sum(any(_section_hit(g, s) and s.kind == g["kind"] for s in reported)
                          for g in wanted)
        false += sum(not any(_section_hit(g, s) for g in gold) for s in reported)
    assert need >= 30  # the gold was read: 30 headed or enumerated sections
    assert (found, false) == (need, 0)
    assert right_kind / need >= 0.95


# --- lists inside any paragraph, outlooks by meaning, pictures, closings, nesting ----------------

def test_inline_items_in_the_lead_and_in_the_outlook_paragraph():
    """一是…；二是…；三是… inside the lead (results) and 一要…；二要… inside the outlook (plans),
    around a list of paragraphs led by 一是…四是 whose numbering restarts."""
    text = _data("structure_inline_lead.txt")
    document = analyse(text)
    assert [(s.kind, s.number, s.form, s.heading) for s in document.sections] == [
        ("lead", 1, None, None),
        ("achievement", 1, "inline", "一是经营主体持续增长，新登记各类经营主体3260户"),
        ("achievement", 2, "inline", "二是食品安全形势稳定，抽检合格率达到98.6%"),
        ("achievement", 3, "inline", "三是消费环境不断优化，为消费者挽回经济损失86万元"),
        ("achievement", 4, "paragraph_lead", "一是深化商事制度改革"),
        ("achievement", 5, "paragraph_lead", "二是守牢食品安全底线"),
        ("achievement", 6, "paragraph_lead", "三是强化知识产权保护"),
        ("achievement", 7, "paragraph_lead", "四是规范市场竞争秩序"),
        ("outlook", 1, None, None),
        ("priority", 1, "inline", "一要持续优化准入服务，年内新增经营主体5000户以上"),
        ("priority", 2, "inline", "二要加强重点领域监管，全年完成食品抽检3000批次"),
        ("priority", 3, "inline", "三要提升执法办案质效，严厉打击侵权假冒行为"),
        ("credits", 1, None, None),
    ]
    sections = document.sections
    assert text[sections[0].start:sections[0].end].endswith("呈现三个亮点：")
    assert text[sections[3].start:sections[3].end] == "三是消费环境不断优化，为消费者挽回经济损失86万元。"
    assert text[sections[8].start:sections[8].end].endswith("重点抓好以下工作：")
    # 三个亮点 announces the three inline items, not the four paragraphs after them
    assert document.warnings == ()


def test_an_announced_count_is_checked_against_the_items_right_after_it():
    text = _data("structure_inline_lead.txt").replace("呈现三个亮点", "呈现两个亮点")
    (warning,) = analyse(text).warnings
    assert "两个亮点" in warning and "3" in warning


def test_inline_priorities_with_ascii_semicolons_after_heading_lines():
    text = ("区科技局召开新闻发布会\n4月2日,区科技局召开新闻发布会,通报一季度科技创新工作情况。\n"
            "一、创新主体加快壮大\n一季度,全区新认定高新技术企业28家,同比增长16.7%。\n"
            "二、创新平台提质增效\n新建市级以上研发平台6个,技术合同成交额达到3.2亿元。\n"
            "区科技局负责人表示,下一步,将紧扣建设科创高地目标,重点做好三项工作:一是加快培育科技型企业,"
            "全年新增高新技术企业60家以上;二是建设高能级创新平台;三是深化科技金融结合,推动科技贷款余额增长20%。\n")
    sections = analyse(text).sections
    assert [(s.kind, s.form, s.heading) for s in sections[1:]] == [
        ("achievement", "heading_line", "一、创新主体加快壮大"),
        ("achievement", "heading_line", "二、创新平台提质增效"),
        ("outlook", None, None),
        ("priority", "inline", "一是加快培育科技型企业,全年新增高新技术企业60家以上"),
        ("priority", "inline", "二是建设高能级创新平台"),
        ("priority", "inline", "三是深化科技金融结合,推动科技贷款余额增长20%"),
    ]
    assert text[sections[2].start:sections[2].end].endswith("达到3.2亿元。")


def test_an_inline_item_is_judged_by_its_own_text_not_the_next_paragraph():
    """No headings: the last result (三是…稳步提高) stays an achievement although the next
    paragraph opens with 下一步; that paragraph's opening is the outlook of its own list."""
    text = ("今年以来全县农业生产形势良好\n今年以来，县农业农村局认真落实各项强农惠农政策，农业生产呈现三个特点："
            "一是粮食生产保持稳定，全县粮食播种面积稳定在45万亩；二是特色产业加快发展，蔬菜产量同比增长6.3%；"
            "三是农民收入稳步提高。\n"
            "下一步，县农业农村局将重点做好两方面工作：一是持续推进高标准农田建设，年内新建高标准农田3万亩；"
            "二是加快发展设施农业，力争新增设施大棚500个。\n")
    sections = analyse(text).sections
    assert [(s.kind, s.form) for s in sections] == [
        ("lead", None), ("achievement", "inline"), ("achievement", "inline"), ("achievement", "inline"),
        ("outlook", None), ("priority", "inline"), ("priority", "inline")]
    assert text[sections[3].start:sections[3].end] == "三是农民收入稳步提高。"
    assert text[sections[4].start:sections[4].end] == "下一步，县农业农村局将重点做好两方面工作："
    assert analyse(text).warnings == ()


def test_a_long_outlook_is_recognised_by_what_it_announces():
    """A long 2024年，…将…重点在三个方面持续用力： paragraph, then three unnumbered priorities that
    open alike (在…上补短板。), then a closing remark (总之，…) that is neither."""
    text = _data("structure_long_outlook.txt")
    document = analyse(text)
    assert [(s.kind, s.heading) for s in document.sections] == [
        ("lead", None),
        ("achievement", "第一，防汛抗旱能力持续提升"),
        ("achievement", "第二，农村供水保障更加有力"),
        ("achievement", "第三，河湖生态环境明显改善"),
        ("outlook", None),
        ("priority", "在防洪减灾上补短板"),
        ("priority", "在供水保障上强弱项"),
        ("priority", "在河湖管护上见长效"),
        ("other", None),
        ("credits", None),
    ]
    outlook, closing = document.sections[4], document.sections[8]
    assert len(text[outlook.start:outlook.end]) > 60
    assert text[document.sections[3].start:document.sections[3].end].endswith("达到90%以上。")
    assert text[closing.start:closing.end].startswith("总之，")
    assert document.warnings == ()


def test_parallel_priorities_stop_before_a_paragraph_of_another_shape():
    text = ("全市统计工作取得新进展\n3月2日，市统计局召开新闻发布会，通报全市统计工作情况。\n"
            "第一，统计调查能力持续增强。全年完成各类统计调查项目56项。\n"
            "第二，统计服务水平不断提升。发布统计分析报告120篇，同比增加15篇。\n"
            "新的一年，全市统计系统将坚持依法统计、依法治统，持续提升统计数据质量和统计服务水平，"
            "着力抓好以下几方面工作。\n"
            "在提升数据质量上下功夫。严格落实统计数据质量控制制度。\n"
            "在深化统计改革上求突破。推进统计调查制度改革。\n"
            "发布会上，相关负责人还回答了记者提问。\n")
    assert [s.kind for s in analyse(text).sections] == [
        "lead", "achievement", "achievement", "outlook", "priority", "priority", "other"]


def test_a_results_announcement_is_not_an_outlook():
    """一年来，…重点抓了三个方面工作。 reports what was done: it stays in the lead."""
    sections = analyse(_data("structure_long_outlook.txt")).sections
    assert sections[0].kind == "lead"
    assert "三个方面工作。" in _data("structure_long_outlook.txt")[sections[0].start:sections[0].end]


def test_pictures_before_an_unnumbered_heading_do_not_hide_it():
    """An image file name, a caption ending in （…供图） or a scene caption and a photo credit
    (记者 … 摄) just before a heading line: the heading is still found."""
    text = _data("structure_picture_headings.txt")
    sections = analyse(text).sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("lead", None), ("achievement", "游客接待量大幅增长"), ("achievement", "文化消费持续活跃"),
        ("achievement", "乡村旅游亮点纷呈")]
    assert text[sections[1].start:sections[1].end].endswith("（市文旅局供图）")


def test_nested_category_headings_take_the_kind_of_their_areas():
    """Convention for 一、2023年主要成效 / 二、2024年工作安排 over （一）（二） (as annotated releases
    of the genre mark them): the container heading is itself an achievement/priority section
    and so is each item under it; numbers count within each kind in text order; the paragraph
    announcing the plans under the container is the outlook. The results container keeps its
    summary paragraph. A sub-heading may span two lines or end in 。. Level-1 sections count
    within their kind, items within their container and kind."""
    text = _data("structure_nested_plan.txt")
    document = analyse(text)
    assert [(s.kind, s.number, s.heading) for s in document.sections] == [
        ("lead", 1, None),
        ("achievement", 1, "一、2023年主要成效"),
        ("achievement", 1, "（一）消费市场"),
        ("achievement", 2, "（二）对外贸易稳中提质"),
        ("priority", 1, "二、2024年工作安排"),
        ("outlook", 1, None),
        ("priority", 1, "（一）着力扩大消费需求。"),
        ("priority", 2, "（二）推动外贸稳规模优结构。"),
    ]
    sections = document.sections
    # The items are level 2 under their container, whose span covers them (it used
    # to end before its first item: 一、… ended at 突破1200亿元。, 二、… was its heading alone).
    assert [(s.level, s.parent) for s in sections] == [
        (1, None), (1, None), (2, 1), (2, 1), (1, None), (2, 4), (2, 4), (2, 4)]
    assert text[sections[1].start:sections[1].end].endswith("增长5.2%。")
    assert text[sections[4].start:sections[4].end].startswith("二、2024年工作安排\n")
    assert sections[4].end == sections[7].end
    assert text[sections[5].start:sections[5].end].endswith("重点抓好两个方面工作。")
    assert text[sections[2].start:sections[2].end].startswith("（一）消费市场\n加快恢复\n")
    assert document.warnings == ()


def test_a_plan_heading_over_an_announcing_paragraph_is_a_priority_container():
    """【下一步打算】 then 下一步，…重点抓好三项工作：一是…；二是…；三是…: the heading line is a
    priority section (a reader marks it there), the announcing words the outlook, each item a
    priority."""
    text = _data("structure_plan_container.txt")
    document = analyse(text)
    assert [(s.kind, s.form, s.heading) for s in document.sections[4:9]] == [
        ("priority", "heading_line", "【下一步打算】"),
        ("outlook", None, None),
        ("priority", "inline", "一是加快老旧管网改造，年底前再改造管网40公里"),
        ("priority", "inline", "二是开展二次供水设施专项检查，确保水质达标"),
        ("priority", "inline", "三是推进智慧水务平台建设，实现重点泵站远程监控"),
    ]
    assert [s.kind for s in document.sections[1:4]] == ["achievement"] * 3
    outlook = document.sections[5]
    assert text[outlook.start:outlook.end] == "下一步，市水务局将聚焦冬季供水安全，重点抓好三项工作："
    assert document.warnings == ()


def test_results_problems_and_plans_containers():
    """一、主要工作成效 over （一）…。 paragraphs, 二、存在的问题 over 一是…；二是…, 三、下一步工作打算
    over 下阶段…：第一，…；第二，…: achievements, `other` (problems are neither), priorities."""
    document = analyse(_data("structure_problems.txt"))
    assert [(s.kind, s.form, s.heading[:8] if s.heading else None) for s in document.sections] == [
        ("lead", None, None),
        ("achievement", "heading_line", "一、主要工作成效"),
        ("achievement", "paragraph_lead", "（一）旅游市场加"),
        ("achievement", "paragraph_lead", "（二）公共文化服"),
        ("achievement", "paragraph_lead", "（三）文化遗产保"),
        ("other", "heading_line", "二、存在的问题"),
        ("other", "inline", "一是旅游产品供给"),
        ("other", "inline", "二是基层文化人才"),
        ("priority", "heading_line", "三、下一步工作打"),
        ("outlook", None, None),
        ("priority", "inline", "第一，培育文旅消"),
        ("priority", "inline", "第二，完善公共文"),
        ("priority", "inline", "第三，加强文化遗"),
        ("credits", None, None),
    ]


def test_problems_listed_inside_a_paragraph_are_other():
    """…还存在一些问题和不足：一是…；二是…；三是… between the results and the plans: the
    paragraph and its items are `other`, and the last result ends before it."""
    text = _data("structure_subtitle.txt")
    sections = analyse(text).sections
    assert [(s.kind, s.form) for s in sections[1:12]] == [
        ("achievement", "paragraph_lead"), ("achievement", "paragraph_lead"),
        ("other", None), ("other", "inline"), ("other", "inline"), ("other", "inline"),
        ("outlook", None), ("priority", "inline"), ("priority", "inline"), ("priority", "inline"),
        ("credits", None)]
    assert text[sections[2].start:sections[2].end].endswith("缩短6天。")


def test_a_subtitle_and_the_speaker_line_belong_to_the_title():
    """——2024年1月10日在…会议上 and 市中级人民法院院长　王建国 under the title are no section:
    the first section is the lead."""
    text = _data("structure_subtitle.txt")
    first = analyse(text).sections[0]
    assert first.kind == "lead"
    assert text[first.start:].startswith("2023年，全市法院")


def test_a_heading_naming_plans_or_a_later_year_is_a_priority():
    """五、2024年重点工作。 in a release about 2023, and a heading line ending in 工作思路, are
    priorities although the text under them has no 将/下一步."""
    text = ("2023年全县农业农村经济稳中有进\n"
            "2023年，全县农业农村系统扎实推进乡村振兴，农林牧渔业总产值增长4.1%。\n"
            "一、粮食生产再获丰收。\n全县粮食总产达到52.3万吨，比上年增长1.6%。\n"
            "二、农民收入较快增长。\n农村居民人均可支配收入达到20560元，增长7.2%。\n"
            "三、2024年重点工作。\n坚持稳产保供，全县粮食播种面积稳定在80万亩以上，新建高标准农田5万亩。\n")
    assert [(kind, heading) for kind, _, heading in _areas(text)] == [
        ("achievement", "一、粮食生产再获丰收。"), ("achievement", "二、农民收入较快增长。"),
        ("priority", "三、2024年重点工作。")]
    plain = ("全市体育事业稳步发展\n3月5日，市体育局召开新闻发布会，通报全市体育工作情况。\n"
             "群众体育蓬勃开展\n全年举办全民健身赛事活动260场，参与群众达到45万人次。\n"
             "竞技体育成绩突出\n我市运动员在省运会上获得金牌38枚，比上届增加9枚。\n"
             "全年工作思路\n以体育公园建设为抓手，办好全民健身运动会，完善青少年训练体系。\n")
    assert [kind for kind, _, _ in _areas(plain)] == ["achievement", "achievement", "priority"]


def test_items_of_one_list_share_the_kind_its_announcement_gives():
    """主要做了以下工作：一是…；二是强化…；三是… — the announcement says these were done, so an
    item worded like a task (二是强化重点群体帮扶) is an achievement too."""
    text = ("我市举行稳就业工作新闻发布会\n"
            "12月20日，市政府新闻办举行新闻发布会，介绍全市稳就业工作情况。\n"
            "今年以来，全市城镇新增就业5.2万人。主要做了以下工作：一是落实就业优先政策。发放稳岗资金1.6亿元；"
            "二是强化重点群体帮扶。为2100名就业困难人员提供公益性岗位；三是建设零工市场。建成零工市场9个。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["achievement"] * 3


def test_closing_summary_and_footnotes_end_the_last_area():
    """总体来看，… and 注：1. … after topic-sentence areas are an `other` section, even though the
    summary mentions the next stage (下阶段，要…)."""
    text = _data("structure_closing.txt")
    sections = analyse(text).sections
    assert [(s.kind, s.heading) for s in sections] == [
        ("lead", None), ("achievement", "农业生产总体平稳"), ("achievement", "工业生产稳中有升"),
        ("achievement", "消费市场持续回暖"), ("other", None), ("credits", None)]
    assert text[sections[3].start:sections[3].end] == "消费市场持续回暖。社会消费品零售总额增长6.9%。"
    assert text[sections[4].start:sections[4].end].endswith("分项合计与总计略有差异。")


@pytest.mark.parametrize("lines, editor", [
    ("编辑：周航\n责任编辑：钱多多\n", "周航"),
    ("责任编辑：钱多多\n编辑：周航\n", "周航"),
    ("责任编辑：钱多多\n审核：李响\n", "钱多多"),
])
def test_responsible_editor_fills_the_editor_only_when_no_editor_line(lines, editor):
    text = "标题\n正文第一段，介绍有关情况，内容较长以便成为正文段落。\n" + lines
    document = analyse(text)
    assert document.credits.editor == editor
    credits = document.sections[-1]
    assert "责任编辑：钱多多" in text[credits.start:credits.end]


def test_a_container_reporting_its_targets_met_holds_achievements():
    """一、圆满完成全年目标任务 names 目标任务 but reports them done; 二、2024年主要任务 sets them."""
    text = ("市发展改革委2023年工作总结\n2023年，市发展改革委围绕中心、服务大局，各项工作取得新成效。\n"
            "一、圆满完成全年目标任务\n（一）经济运行稳中有进\n全市地区生产总值增长5.2%。\n"
            "（二）重大项目建设提速\n全年完成重点项目投资1500亿元。\n"
            "二、2024年主要任务\n（一）全力稳定经济增长\n力争地区生产总值增长6%左右。\n"
            "（二）持续扩大有效投资\n计划实施重点项目320个。\n")
    assert [(kind, heading) for kind, _, heading in _areas(text)] == [
        ("achievement", "一、圆满完成全年目标任务"), ("achievement", "（一）经济运行稳中有进"),
        ("achievement", "（二）重大项目建设提速"), ("priority", "二、2024年主要任务"),
        ("priority", "（一）全力稳定经济增长"), ("priority", "（二）持续扩大有效投资")]


# --- web-page chrome, lists under any heading, kinds from the announcing text ------------------

def test_page_chrome_pictures_and_credits_around_a_closing_plan():
    """Share/print/close lines, the 来源…发布时间…【字体】 bar, image names and captions are never
    areas; the closing plan paragraph with no list after it is itself the priority."""
    text = _data("structure_page_chrome.txt")
    document = analyse(text)
    assert [(s.kind, s.heading) for s in document.sections] == [
        ("other", None), ("lead", None),
        ("achievement", "一是春播进度快于往年"), ("achievement", "二是农资供应充足有序"),
        ("achievement", "三是农技服务到田到户"),
        ("priority", "下一步，市农业农村局将紧盯春播关键环节，力争5月上旬全面完成春播任务，"
                     "全年粮食播种面积稳定在380万亩以上"),
        ("other", None), ("credits", None)]
    priority, pictures, credits = document.sections[-3:]
    assert text[priority.start:priority.end].endswith("380万亩以上。")
    assert text[pictures.start:pictures.end].startswith("W020240412581234567890.png")
    assert text[credits.start:credits.end].startswith("责任编辑：刘洋")
    assert text[credits.start:credits.end].endswith("扫一扫在手机打开当前页")
    assert (document.credits.editor, document.credits.final_reviewer) == ("刘洋", "陈晨")
    assert "IMG_20240410_153022.jpg" in text[document.sections[3].start:document.sections[3].end]


@pytest.mark.parametrize("tail", [
    "分享到：\n【打印本页】　【关闭窗口】\n",
    "W020240101123456789.jpg\n图为工作人员在现场检查。（记者 李明 摄）\n打印本页　关闭窗口\n",
    "（图片说明）工作人员在现场检查。\nP020240101123456789.jpg\n责任编辑：王芳\n",
    "（市应急管理局供稿　联系电话：0531-86612345）\n责任编辑：王芳\n分享到：\n",
])
def test_a_closing_plan_without_a_list_is_a_priority_whatever_closes_the_page(tail):
    text = ("全市安全生产形势总体平稳\n来源：市应急管理局　　发布时间：2024-01-05　　点击数：\n"
            "今年以来，全市安全生产形势总体平稳，各项工作有序推进，生产安全事故起数同比下降。\n"
            "一是隐患排查扎实开展。全年排查整改隐患1.2万处。\n"
            "二是执法检查力度加大。全年检查企业3600家次。\n"
            "下一步，市应急管理局将持续深化安全生产治本攻坚，力争全年事故起数下降10%以上。\n" + tail)
    areas = _areas(text)
    assert areas[-1] == ("priority", "paragraph_lead",
                         "下一步，市应急管理局将持续深化安全生产治本攻坚，力争全年事故起数下降10%以上")
    assert len(areas) == 3
    document = analyse(text)
    assert "outlook" not in [s.kind for s in document.sections]
    assert document.credits.editor == ("王芳" if "王芳" in tail else None)


def test_chrome_lines_are_recognised_by_shape():
    from desktop_app.core.structure_lines import is_chrome_line
    assert all(map(is_chrome_line, [
        "分享到：", "分享到：微信 微博 QQ空间", "打印本页　关闭窗口", "【打印本页】【关闭窗口】",
        "【字体：大 中 小】", "上一篇：我市召开全市农村人居环境整治推进会", "扫一扫在手机打开当前页",
        "来源：市林业局　　发布时间：２０２４－０２－２８",
        "信息来源：市医疗保障局　发布日期：2024-01-22　【字体：大 中 小】",
        "来源：市妇联　　作者：宣传部　　发布时间：2024-03-11　　点击数：",
    ]))
    assert not any(map(is_chrome_line, [
        "来源：新华社", "分享经验，共同进步。", "打造特色品牌", "时间：2024年3月5日上午10:30",
        "关于印发打印机采购方案的通知",
    ]))


def test_yi_shi_paragraphs_under_any_heading_are_sections_of_their_own():
    """二、社会保障扩面提质 names an area, not a category, yet its 一是…三是 are areas too; so are
    the 第一，… under 四、, and the （一）… under a category heading (三、人才工作成效明显)."""
    assert [(kind, heading) for kind, _, heading in _areas(_data("structure_nested_areas.txt"))] == [
        ("achievement", "一、就业形势总体稳定"),
        ("achievement", "二、社会保障扩面提质"), ("achievement", "一是参保覆盖持续扩大"),
        ("achievement", "二是待遇水平稳步提高"), ("achievement", "三是基金运行安全平稳"),
        ("achievement", "三、人才工作成效明显"), ("achievement", "（一）引才规模扩大"),
        ("achievement", "（二）平台建设加快"),
        ("achievement", "四、劳动关系和谐稳定"),
        ("achievement", "第一，全年办结劳动人事争议案件3860件，调解成功率达到72.4%"),
        ("achievement", "第二，根治欠薪成效明显，为2.1万名劳动者追发工资待遇3.6亿元")]


def test_yi_shi_paragraphs_under_an_unnumbered_heading():
    text = ("我市一季度经济运行开局良好\n"
            "4月20日，市统计局发布一季度全市经济运行情况。一季度，全市地区生产总值同比增长5.6%。\n"
            "工业生产稳中有升\n一季度，全市规模以上工业增加值同比增长6.8%。\n"
            "消费市场持续回暖\n一是商品零售较快增长。全市限额以上单位商品零售额增长7.2%。\n"
            "二是餐饮消费明显改善。全市餐饮收入增长15.6%。\n"
            "投资结构不断优化\n全市固定资产投资同比增长4.9%，其中工业投资增长11.2%。\n")
    assert [(kind, heading) for kind, _, heading in _areas(text)] == [
        ("achievement", "工业生产稳中有升"), ("achievement", "消费市场持续回暖"),
        ("achievement", "一是商品零售较快增长"), ("achievement", "二是餐饮消费明显改善"),
        ("achievement", "投资结构不断优化")]


def test_yi_shi_paragraphs_under_a_bracketed_heading_ending_in_a_full_stop():
    text = _data("structure_paren_areas.txt")
    document = analyse(text)
    assert [(s.kind, s.number, s.heading) for s in document.sections if s.form] == [
        ("achievement", 1, "（一）防洪工程体系加快完善。"), ("achievement", 1, "一是堤防加固全面推进"),
        ("achievement", 2, "二是病险水库应除尽除"), ("achievement", 2, "（二）农村供水保障水平提升。"),
        ("achievement", 3, "（三）河湖管理持续加强。"),
        ("priority", 1, "2024年，市水利局将以建设幸福河湖为目标，计划完成水利投资70亿元以上，"
                        "新增农村供水受益人口10万人")]
    # 一是/二是 are level 2 under （一）, whose span now covers them (it used to be
    # the heading line alone).
    heading = document.sections[2]
    assert (heading.level, document.sections[3].level, document.sections[3].parent) == (1, 2, 2)
    assert text[heading.start:heading.end].startswith("（一）防洪工程体系加快完善。\n")
    assert heading.end == document.sections[4].end


def test_kinds_come_from_the_announcing_text_and_the_body():
    """Items after 项目确定为…计划总投资… + a bare 以下三个方面： are plans; a neutral heading
    over 今年将…力争年内…以上 is a priority among headings that report results."""
    assert [(kind, heading) for kind, _, heading in _areas(_data("structure_plan_context.txt"))] == [
        ("priority", "一是织密高速公路网"), ("priority", "二是畅通城乡微循环"),
        ("priority", "三是补齐枢纽短板"),
        ("achievement", "路网规模持续扩大"), ("achievement", "运输服务提质增效"),
        ("priority", "绿色交通加快发展")]


def test_a_bare_announcement_after_results_announces_results():
    text = ("全市外贸运行情况\n"
            "前三季度，全市外贸进出口总额1286.4亿元，同比增长8.7%，进出口规模已创历史同期新高。\n"
            "具体来看，主要有以下三个方面：\n"
            "一是加快发展跨境电商。跨境电商进出口额86.2亿元。\n"
            "二是稳定扩大外资利用。新设外资企业126家。\n"
            "三是持续优化口岸环境。整体通关时间压缩至35小时。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["achievement"] * 3


def test_results_opening_with_the_annual_plan_stay_achievements():
    """今年计划… followed by what was done (已开工…) reports progress, not plans."""
    text = ("一季度全市重点项目建设情况\n一季度，全市重点项目建设开局良好，完成投资同比增长12.1%。\n"
            "产业项目加快推进\n今年计划实施产业项目120个。一季度已开工86个，完成投资210亿元。\n"
            "民生项目有序实施\n全市民生项目完成投资46亿元，同比增长9.8%。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["achievement", "achievement"]


def test_an_announcement_that_states_the_plans_makes_its_items_priorities():
    text = ("市政府确定2024年民生实事项目\n"
            "3月5日，市政府召开常务会议，研究确定2024年市政府民生实事项目，社会各界普遍关注。\n"
            "今年的民生实事项目确定为以下三个方面：\n"
            "一是扩大养老服务供给。新建社区养老服务设施40处。\n"
            "二是改善居住条件。改造城镇老旧小区126个。\n"
            "三是促进就业增收。城镇新增就业6.5万人。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["priority"] * 3


def test_a_numbered_heading_right_under_the_title_opens_the_outline():
    """一、２０２４年工作回顾 on the line after the title is the first area, not a subtitle;
    二、２０２５年工作计划 is then the second heading of the same outline."""
    assert _outline(_data("structure_outline_first.txt")) == [
        ("achievement", 1, "一、２０２４年工作回顾"), ("achievement", 1, "（一）参保扩面稳步推进"),
        ("achievement", 2, "（二）待遇保障持续提升"), ("priority", 1, "二、２０２５年工作计划"),
        ("outlook", 1, None), ("priority", 1, "一是深化支付方式改革，扩大按病种付费覆盖面"),
        ("priority", 2, "二是推进医保服务下沉，实现村级医保服务点全覆盖")]


def test_results_under_imperative_headings_and_a_timed_closing_plan():
    """【全面加强…】 over counts of what was done is an achievement; 第四季度，…将…确保… closing
    the release is a priority (and 第四季度 is no list item 第四)."""
    assert _areas(_data("structure_bracket_results.txt")) == [
        ("achievement", "heading_line", "【严厉查处食品安全违法行为】"),
        ("achievement", "heading_line", "【全面加强重点商品价格监管】"),
        ("priority", "paragraph_lead", "第四季度，市市场监管局将紧盯群众反映强烈的突出问题，"
                                       "持续保持高压态势，确保全年立案查处案件400件以上")]


@pytest.mark.parametrize("opening", ["下半年，我们将", "明年，全区力争", "第四季度，市统计局要", "年内，各地确保"])
def test_a_closing_paragraph_opening_with_any_time_phrase_and_a_plan_verb_is_a_priority(opening):
    text = ("全市统计工作情况\n　　今年以来，全市统计工作取得新进展，统计数据质量稳步提升。\n"
            "　　一是统计调查有序开展。完成各类调查任务36项。\n"
            "　　二是统计服务持续优化。发布统计信息286条。\n"
            f"　　{opening}紧盯全年目标，提升统计服务水平。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["achievement", "achievement", "priority"]


def test_keyed_priorities_with_any_short_verb():
    """压实“责”字 / 严守“底”字 / 提升一个“能”字: any short verb before the quoted 字."""
    document = parse_text(_data("structure_keyed_verbs.txt"))
    assert [(s.kind, s.keyword) for s in document.sections if s.kind == "priority"] == [
        ("priority", "责"), ("priority", "底"), ("priority", "能")]


def test_figures_reported_without_any_plan_word_are_results():
    """A section stating figures with no 将/要/力争/确保/计划 reports results, even when its
    heading names no result and the list's announcement is neutral; 概况 headings are other."""
    text = ("市住房公积金2024年年度报告\n"
            "　　经管理委员会审议通过，现将2024年全市住房公积金年度报告公布如下：\n"
            "一、机构概况\n　　管理中心为市政府直属事业单位，设6个科室。\n"
            "二、业务运行\n　　全年缴存额86.3亿元，同比增长7.2%。\n"
            "三、社会效益\n　　发放的个人住房贷款可为职工节约利息支出约3.6亿元，平均每笔节约4.1万元。\n")
    assert _outline(text) == [
        ("lead", 1, None), ("other", 1, "一、机构概况"), ("achievement", 1, "二、业务运行"),
        ("achievement", 2, "三、社会效益")]


def test_items_stating_figures_under_a_neutral_announcement_are_results():
    """深化…/强化…/推进… items whose text only states counts and rates, announced by a neutral
    重点抓好以下三个方面：, report work done."""
    text = ("区司法局介绍人民调解工作\n　　1月9日，区司法局召开新闻发布会，介绍全区人民调解工作。\n"
            "　　具体工作中，区司法局重点抓好以下三个方面：\n"
            "　　一是深化诉调对接。设立调解工作室21个，受理委派调解案件2180件，调解成功率75.7%。\n"
            "　　二是强化队伍建设。举办调解员培训班8期，培训2100余人次。\n"
            "　　三是推进源头化解。排查矛盾纠纷1.58万次，化解率98.4%。\n")
    assert [kind for kind, _, _ in _areas(text)] == ["achievement"] * 3


# --- linear parsing -------------------------------------------------------

def test_text_before_a_list_with_an_item_order_matches_looking_at_every_item():
    """text_before asks an ItemOrder (bisection) instead of going through all items per list."""
    from desktop_app.core.structure import _find_items
    from desktop_app.core.structure_header import find_credits, first_body_line
    from desktop_app.core.structure_lines import split_lines
    from desktop_app.core.structure_lists import text_before
    text = (DATA / "structure_nested_plan.txt").read_text(encoding="utf-8")
    lines = split_lines(text)
    credits = find_credits(text, lines)
    first = first_body_line(lines, credits.stop)
    items = _find_items(text, lines, first, credits.stop, lines[credits.stop - 1].end)
    assert len(items) > 3
    for item in items:
        window = lines[item.line - 1].start if item.start == lines[item.line].start and item.line \
            else lines[item.line].start
        earlier = [it.start for it in items if it.start < item.start]
        assert text_before(text, lines, items, item) == text[max([window] + earlier):item.start]


def test_figures_counted_for_a_kind_match_the_single_pattern():
    """facts() reads a number then its unit; it counts what the one pattern found, without
    retrying a long number without unit from each of its digits."""
    import random
    import re

    from desktop_app.core.structure_kinds import _count_figures
    old = re.compile(r"[0-9０-９][0-9０-９.．,]*\s*[万亿千]?[余多]?\s*"
                     r"(?:%|％|‰|个百分点|倍|万|亿|元|[件起个名人家户项次场所处条台辆套亩吨张笔批期])")
    rnd = random.Random(2)
    for _ in range(20_000):
        text = "".join(rnd.choice("12０.．, 　万亿千余多%％个百分点倍元件起x") for _ in range(rnd.randint(0, 16)))
        assert _count_figures(text) == len(old.findall(text)), text


def test_a_long_hard_wrapped_paragraph_is_one_line_with_its_text():
    """split_lines joins wrapped lines into one paragraph (its text built once, not per line)."""
    from desktop_app.core.structure_lines import split_lines
    row = "全市经济运行总体平稳稳中有进发展质量持续提升"
    text = "标题\n" + "\n".join([row] * 400) + "\n\n下一段。"
    lines = split_lines(text)
    assert [len(line.text) for line in lines] == [2, len(row) * 400 + 399, 4]
    assert lines[1].text == text[lines[1].start:lines[1].end]
