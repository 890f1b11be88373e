"""The two-level outline: items under their heading, their kinds, their spans.

Every text here is synthetic and worded unlike the dev corpus, so that each rule is shown to be
a rule of the genre, not of one release.
"""
import pytest

from desktop_app.core.parser import parse_text
from desktop_app.core.structure import analyse
from desktop_app.core.structure_kinds import (
    asks_for_plans,
    is_descriptive_heading,
    lean,
    opens_plans,
    states_plan_heading,
    without_remarks,
)
from desktop_app.core.structure_lines import is_caption_over_credit, is_photo_credit, is_picture_line, split_lines
from desktop_app.core.structure_lists import _report_body
from desktop_app.core.structure_outline import aspect_lead, dash_lead, headline, pair_sentences

LEAD = "近日，某市政府新闻办举行新闻发布会，介绍全市去年以来各项工作进展情况。\n"


def _tree(text):
    """(level, parent heading or None, kind, heading) of every achievement/priority/other
    section with a heading."""
    sections = analyse(text).sections
    return [(s.level, sections[s.parent].heading if s.parent is not None else None, s.kind, s.heading)
            for s in sections if s.heading]


def _check_invariants(text):
    """Parents come earlier and are level 1; level-1 sections do not overlap; an item lies
    inside its parent's span."""
    sections = analyse(text).sections
    tops = [s for s in sections if s.level == 1]
    assert all(a.end <= b.start for a, b in zip(tops, tops[1:], strict=False))
    for k, s in enumerate(sections):
        assert (s.level == 2) == (s.parent is not None)
        if s.parent is not None:
            parent = sections[s.parent]
            assert s.parent < k and parent.level == 1
            assert parent.start <= s.start and s.end <= parent.end
    return sections


# --- forms of items -------------------------------------------------------------------------

def test_bracketed_items_further_below_a_numbered_heading_are_its_items():
    text = ("某区2024年民政工作总结\n" + LEAD +
            "一、兜底保障更加有力\n"
            "全年各项救助资金及时足额发放，困难群众基本生活得到保障。\n"
            "区民政局把兜底保障摆在突出位置。\n"
            "（一）低保扩围\n新增纳入低保对象812人，月人均补助提高到860元。\n"
            "（二）临时救助\n实施临时救助1450人次，发放资金320万元。\n"
            "二、养老服务加快发展\n新建社区养老服务站14个，床位增加600张。\n")
    assert _tree(text) == [
        (1, None, "achievement", "一、兜底保障更加有力"),
        (2, "一、兜底保障更加有力", "achievement", "（一）低保扩围"),
        (2, "一、兜底保障更加有力", "achievement", "（二）临时救助"),
        (1, None, "achievement", "二、养老服务加快发展")]
    _check_invariants(text)


def test_yi_shi_paragraphs_in_an_answer_are_items_and_the_closing_remark_stays_with_the_heading():
    text = ("答好教育民生答卷\n" + LEAD +
            "围绕办好人民满意的教育，扩大优质资源供给\n"
            "问：新学期在扩大学位方面有哪些安排？\n"
            "答：我们将坚持问题导向，在以下几个方面持续用力。\n"
            "一是新建改扩建一批学校。年内新增公办学位1.2万个，缓解城区入学压力。\n"
            "二是推进集团化办学。让更多孩子在家门口上好学校。\n"
            "三是加强教师队伍建设。招聘新教师500名。\n"
            "此外，秋季学期还将开放课后服务，欢迎家长关注。\n"
            "深化综合改革，激发办学活力\n"
            "问：在深化教育综合改革方面，今年有哪些考虑？\n答：下一步将深化评价改革，完善督导机制。\n")
    tree = _tree(text)
    parent = "围绕办好人民满意的教育，扩大优质资源供给"
    assert tree[:4] == [(1, None, "priority", parent),
                        (2, parent, "priority", "一是新建改扩建一批学校"),
                        (2, parent, "priority", "二是推进集团化办学"),
                        (2, parent, "priority", "三是加强教师队伍建设")]
    sections = _check_invariants(text)
    third = [s for s in sections if s.heading == "三是加强教师队伍建设"][0]
    assert text[third.start:third.end] == "三是加强教师队伍建设。招聘新教师500名。"
    area = sections[third.parent]
    assert "此外，秋季学期" in text[area.start:area.end]


def test_an_inline_enumeration_under_a_label_heading_gives_items():
    text = ("某县一季度经济运行解读\n" + LEAD +
            "看点一：工业稳中有升\n全县规上工业增加值增长6.1%，主要体现在：一是新能源产值增长18%；二是食品加工增长7%；三是建材行业降幅收窄。\n"
            "看点二：消费持续回暖\n社会消费品零售总额增长5.3%，餐饮收入增长9%。\n")
    tree = _tree(text)
    assert [(lv, kind) for lv, _, kind, _ in tree] == [
        (1, "achievement"), (2, "achievement"), (2, "achievement"), (2, "achievement"), (1, "achievement")]
    assert tree[1][1] == "看点一：工业稳中有升"


def test_parallel_headline_paragraphs_after_an_introduction_are_items():
    text = ("全省外贸运行稳中向好\n" + LEAD +
            "贸易结构优化\n"
            "“外贸结构持续优化，新动能不断壮大。”省商务厅负责人说。\n"
            "民营企业活力增强。民营企业进出口占比提高到68%，较上年提升2个百分点。\n"
            "机电产品出口领跑，汽车、船舶出口分别增长31%和22%。\n"
            "跨境电商快速增长。跨境电商进出口额增长15%。\n"
            "该负责人表示，下一步将继续稳规模优结构。\n"
            "市场布局拓展\n"
            "对共建国家进出口增长8%，占比达47%。东盟继续保持第一大贸易伙伴地位。\n")
    tree = _tree(text)
    assert tree[:4] == [(1, None, "achievement", "贸易结构优化"),
                        (2, "贸易结构优化", "achievement", "民营企业活力增强"),
                        (2, "贸易结构优化", "achievement", "机电产品出口领跑"),
                        (2, "贸易结构优化", "achievement", "跨境电商快速增长")]
    assert tree[4] == (1, None, "achievement", "市场布局拓展")
    _check_invariants(text)


def test_dash_led_items_under_a_heading_that_states_plans_are_priorities():
    text = ("明年稳岗就业这样干\n" + LEAD +
            "重点群体就业帮扶力度将进一步加大\n"
            "去年全市城镇新增就业5.6万人，高校毕业生就业率保持在九成以上。会上介绍了今年的几项安排。\n"
            "拓宽青年就业渠道——开发见习岗位，支持企业吸纳高校毕业生，扩大基层服务项目招募。\n"
            "兜牢困难人员底线——对零就业家庭实行动态清零，开发公益性岗位托底安置。\n"
            "优化就业公共服务——建设社区就业驿站，推行线上线下一体的招聘服务。\n"
            "技能人才队伍壮大\n全年开展补贴性职业技能培训12万人次，新增技能人才3万人。\n")
    tree = _tree(text)
    parent = "重点群体就业帮扶力度将进一步加大"
    assert tree[:4] == [(1, None, "priority", parent),
                        (2, parent, "priority", "拓宽青年就业渠道"),
                        (2, parent, "priority", "兜牢困难人员底线"),
                        (2, parent, "priority", "优化就业公共服务")]
    assert tree[4][2] == "achievement"


def test_headline_paragraphs_after_a_paragraph_announcing_them_are_items():
    text = ("水利建设这样推进\n" + LEAD +
            "统筹推进水网建设，补齐防洪短板\n"
            "问：今年水利建设有哪些考虑？\n"
            "答：水利是经济社会发展的基础支撑，去年完成水利投资120亿元，创历史新高。\n"
            "今年，我们将紧扣安全和发展两件大事，重点做好三方面工作：\n"
            "强骨干。加快推进两座中型水库建设，力争年底前主体工程完工，确保早日发挥效益。\n"
            "补短板。实施中小河流治理，完成病险水闸除险加固，提升城乡防洪排涝能力。\n"
            "优管理。推行河湖长制数字化管理，建立全域覆盖的监测预警体系。\n"
            "农村供水提质\n全年新建改造农村供水工程60处，受益群众20万人。\n")
    tree = _tree(text)
    parent = "统筹推进水网建设，补齐防洪短板"
    assert [(lv, p, h) for lv, p, _, h in tree[:4]] == [
        (1, None, parent), (2, parent, "强骨干"), (2, parent, "补短板"), (2, parent, "优管理")]
    assert {kind for _, _, kind, _ in tree[1:4]} == {"priority"}
    _check_invariants(text)


def test_headline_items_after_a_dash_ending_paragraph_may_carry_quoted_words():
    text = ("全市平安建设年度回顾\n" + LEAD +
            "守护一方平安\n"
            "夜幕降临，街巷灯火通明，巡逻车在社区间往来穿梭，居民在广场上散步纳凉。\n"
            "一年来，全市政法机关聚焦群众关切，打出一套组合拳——\n"
            "整治“小区停车难”，新增共享车位3200个，投诉量明显下降。\n"
            "守好“钱袋子”，挽回群众被骗损失1.2亿元；\n"
            "化解矛盾纠纷，调解成功率达到97%。\n"
            "服务企业发展\n全年为企业办理涉法事项1500件。\n")
    tree = _tree(text)
    assert [h for _, p, _, h in tree if p == "守护一方平安"] == ["整治“小区停车难”", "守好“钱袋子”", "化解矛盾纠纷"]
    _check_invariants(text)


def test_zai_shang_leads_announced_as_next_steps_are_priority_items():
    text = ("优化营商环境工作通报\n" + LEAD +
            "政务服务效率明显提升\n"
            "全年新增可网办事项320项，企业开办时间压缩至1个工作日，群众满意度达到98%。\n"
            "“营商环境没有最好，只有更好。”该局负责人表示，下一步要在“便利化”上持续用力。\n"
            "在审批流程上做减法，推行容缺受理和告知承诺，让企业少跑腿。\n"
            "在服务方式上做加法，建设园区帮办代办队伍，打通服务最后一公里。\n"
            "在监管执法上求精准，推行综合查一次，减少对企业的打扰。\n"
            "市场主体持续壮大\n全年新登记市场主体4.1万户，增长9%。\n")
    tree = _tree(text)
    parent = "政务服务效率明显提升"
    assert tree[:4] == [(1, None, "achievement", parent),
                        (2, parent, "priority", "在审批流程上做减法"),
                        (2, parent, "priority", "在服务方式上做加法"),
                        (2, parent, "priority", "在监管执法上求精准")]
    _check_invariants(text)


def test_a_phrase_and_a_dash_on_a_line_of_its_own_heads_the_paragraphs_below():
    text = ("全市交通治理一年间\n" + LEAD +
            "出行更顺畅了\n"
            "早高峰的主干道上，车流有序通过路口，拥堵明显减少，市民出行时间缩短。\n"
            "智慧信号灯改造——\n"
            "全市改造路口信号灯260处，高峰通行效率提升15%。\n"
            "配时方案按车流实时调整，市民反映等灯时间明显缩短。\n"
            "“潮汐车道”扩面——\n"
            "新设潮汐车道12条，覆盖主要通勤走廊。\n"
            "停车更方便了\n新增公共停车泊位8000个。\n")
    tree = _tree(text)
    assert [(lv, p, h) for lv, p, _, h in tree[:3]] == [
        (1, None, "出行更顺畅了"), (2, "出行更顺畅了", "智慧信号灯改造——"), (2, "出行更顺畅了", "“潮汐车道”扩面——")]
    sections = _check_invariants(text)
    first = [s for s in sections if s.heading == "智慧信号灯改造——"][0]
    assert "等灯时间" in text[first.start:first.end]


def test_headline_couplets_standing_alone_are_the_areas_of_a_release_without_headings():
    text = ("这座城市的养老服务升级记\n" + LEAD +
            "家门口的养老服务怎样才能更贴心？这是许多老年人和子女共同关心的话题。\n"
            "补齐设施短板，服务网点织密织牢。\n"
            "走进城东街道的社区养老服务站，助餐区里老人们正在用餐，康复室里有人在做理疗。全市去年新建社区养老服务站86个。\n"
            "这些站点由专业机构运营，提供助餐、助浴、助医等服务，老人步行十五分钟就能到达。\n"
            "提升照护能力，专业人才加快集聚。\n"
            "去年全市开展养老护理员培训4200人次，持证上岗率提高到92%，一批青年护理员走上岗位。\n"
            "创新支付方式，长期护理保险扩面。\n"
            "长期护理保险覆盖人群扩大到全体职工，累计为1.3万名失能老人支付护理费用。\n")
    tree = _tree(text)
    assert [(lv, h) for lv, _, _, h in tree] == [
        (1, "补齐设施短板，服务网点织密织牢"), (1, "提升照护能力，专业人才加快集聚"),
        (1, "创新支付方式，长期护理保险扩面")]
    assert {kind for _, _, kind, _ in tree} == {"achievement"}
    _check_invariants(text)


def test_aspect_sentences_inside_a_paragraph_and_announced_plans_under_one_heading():
    text = ("文旅市场回暖明显\n" + LEAD +
            "丰富文旅产品供给\n"
            "该局负责人介绍，去年全市接待游客4800万人次，旅游收入增长12%。\n"
            "在景区提升方面，新增国家4A级景区3家，夜游项目营业额增长两成。在演艺活动方面，举办各类演出1200场，吸引观众80万人次。\n"
            "今年，文旅市场如何更火？该负责人表示，将从三个方面发力。\n"
            "办节会，聚人气。全年策划举办音乐节、美食节等节会活动20场以上。\n"
            "强服务，留游客。推进景区预约、停车、支付一站式服务，优化游客体验。\n"
            "文物保护扎实推进\n完成文物保护修缮工程15项。\n")
    tree = _tree(text)
    parent = "丰富文旅产品供给"
    assert tree[:5] == [(1, None, "other", parent),
                        (2, parent, "achievement", "在景区提升方面"),
                        (2, parent, "achievement", "在演艺活动方面"),
                        (2, parent, "priority", "办节会"),
                        (2, parent, "priority", "强服务")]
    _check_invariants(text)


def test_aspect_paragraphs_stand_beside_numbered_and_inline_items_of_the_same_heading():
    text = ("医疗服务这样改\n" + LEAD +
            "看病就医更便捷\n"
            "记者：今年在改善就医体验上有哪些安排？\n"
            "答：我们将在两个方面持续用力：\n"
            "一是推广预约诊疗。全面推行分时段预约，缩短患者候诊时间。\n"
            "二是完善基层服务网络。下一步将重点健全三项制度。\n"
            "在家庭医生签约上，扩大签约覆盖面，提供个性化服务包。\n"
            "在远程医疗上，推动优质资源下沉，实现乡镇卫生院全覆盖。\n"
            "药品保障更有力\n"
            "集中采购方面，今年将开展新一批药品集采。下一步还要做好两件事：一是扩大品种；二是保障供应。\n"
            "医保支付方面，推进按病种付费改革，减轻患者负担。\n")
    tree = _tree(text)
    first = "看病就医更便捷"
    assert [h for _, p, _, h in tree if p == first] == [
        "一是推广预约诊疗", "二是完善基层服务网络", "在家庭医生签约上", "在远程医疗上"]
    second = "药品保障更有力"
    assert [h for _, p, _, h in tree if p == second] == [
        "集中采购方面", "一是扩大品种", "二是保障供应", "医保支付方面"]
    _check_invariants(text)


def test_a_long_interview_heading_over_a_question_is_a_heading():
    text = ("访某市住房和城乡建设局局长\n" + LEAD +
            "城市更新稳步推进\n"
            "记者：去年城市更新取得了哪些进展？\n"
            "局长：全年改造老旧小区210个，惠及居民5.6万户，加装电梯480部。\n"
            "住房保障体系还有较大完善空间，将重点抓好保障性住房建设和租赁市场规范两项任务\n"
            "记者：今年住房保障方面有哪些考虑？\n"
            "局长：今年将筹集保障性租赁住房8000套，规范住房租赁市场秩序。\n")
    tree = _tree(text)
    assert [(lv, kind) for lv, _, kind, h in tree if h.startswith("住房保障体系")] == [(1, "priority")]


def test_topic_sentences_may_list_and_quote_words():
    from desktop_app.core.structure_lists import is_topic_sentence
    assert is_topic_sentence("推进水源、水厂、管网“三网合一”改造。全年改造管网120公里。")
    assert is_topic_sentence("打造“口袋公园”。新建口袋公园30个。")
    assert not is_topic_sentence("“今年的活儿不少。”他说，全年改造管网120公里。")
    assert not is_topic_sentence("推进“三网合一改造。全年改造管网120公里。")


def test_aspect_leads_are_items_with_or_without_zai():
    text = ("生态环境质量持续改善\n" + LEAD +
            "污染防治成效明显\n"
            "全市生态环境质量创有监测记录以来最好水平。\n"
            "在大气治理方面，完成燃煤锅炉改造86台，优良天数比例达89%；\n"
            "水环境方面，国控断面水质优良比例达到100%；\n"
            "在土壤保护方面，受污染耕地安全利用率保持在93%以上。\n"
            "绿色转型加快推进\n新增光伏装机容量45万千瓦。\n")
    tree = _tree(text)
    assert [(lv, parent) for lv, parent, _, _ in tree[:4]] == [
        (1, None), (2, "污染防治成效明显"), (2, "污染防治成效明显"), (2, "污染防治成效明显")]


def test_narrative_paragraphs_under_a_heading_are_no_items():
    """A report told as a story (places, times, quotes, definitions) has no items."""
    text = ("平安建设再上新台阶\n" + LEAD +
            "基层治理更加扎实\n"
            "基层是社会治理的基础，也是矛盾化解的第一道防线。\n"
            "在城东街道和平社区，调解室的灯常常亮到深夜。\n"
            "经过多年探索，社区形成了一套行之有效的调解办法，纠纷化解率达98%。\n"
            "春节前后，网格员走访独居老人2000余户。\n"
            "执法司法更加公正\n"
            "去年，全市法院审结各类案件8.6万件，同比增长4%。\n")
    assert [lv for lv, _, _, _ in _tree(text)] == [1, 1]


# --- kinds ----------------------------------------------------------------------------------

def test_items_mixing_results_and_plans_make_their_heading_other():
    text = ("文旅融合发展情况\n" + LEAD +
            "文旅产业亮点纷呈\n"
            "全市文旅产业保持较快发展势头。\n"
            "一是接待游客创新高。全年接待游客4200万人次，同比增长21%。\n"
            "二是旅游收入稳步增长。旅游总收入达到380亿元。\n"
            "三是今年将举办首届文旅博览会，力争签约项目50个。\n"
            "公共文化服务提升\n新建城市书房20家，举办群众文化活动1200场。\n")
    tree = _tree(text)
    assert [(lv, kind) for lv, _, kind, _ in tree[:4]] == [
        (1, "other"), (2, "achievement"), (2, "achievement"), (2, "priority")]


def test_a_release_that_enumerates_only_plans_has_no_achievements():
    text = ("关于做好今年春耕生产工作的安排\n"
            "为确保今年粮食丰收，现就做好春耕生产工作安排如下。\n"
            "稳定粮食播种面积要压实责任\n"
            "各地要把粮食生产目标任务分解到乡村，确保面积只增不减。\n"
            "一是要落实耕地保护责任。二是要加强撂荒地治理。\n"
            "强化农资保供要早作部署\n"
            "农业农村部门要会同有关部门加强调度，保障化肥农药供应。\n")
    kinds = {s.kind for s in analyse(text).sections}
    assert "achievement" not in kinds and "priority" in kinds


@pytest.mark.parametrize("heading", [
    "记者手记", "采访手记：稳中见进", "答记者问", "【记者观察】", "数据来源：市统计局", "制图：王小明", "编后",
    "三、基本情况"])
def test_headings_of_notes_questions_and_credits_are_other(heading):
    assert is_descriptive_heading(heading)


@pytest.mark.parametrize("heading", [
    "创新驱动发展成效显著", "记者招待会圆满举行", "来源广泛的参与"])
def test_area_headings_are_not_notes(heading):
    assert not is_descriptive_heading(heading)


def test_a_reporters_note_after_the_areas_is_other_never_an_achievement():
    text = ("城乡居民收入稳步增长\n" + LEAD +
            "居民收入较快增长\n全年城镇居民人均可支配收入增长5.1%，农村居民增长6.4%。\n"
            "就业形势总体稳定\n城镇新增就业4.3万人，调查失业率5.0%。\n"
            "记者手记\n一组组数据的背后，是千家万户实实在在的获得感。增收渠道拓宽了，日子更有奔头。\n")
    sections = analyse(text).sections
    note = [s for s in sections if s.heading == "记者手记"][0]
    assert note.kind == "other" and note.level == 1


@pytest.mark.parametrize("heading", ["■记者手记", "● 记者观察", "◆答记者问"])
def test_a_newsroom_box_heading_behind_a_bullet_is_descriptive(heading):
    assert is_descriptive_heading(heading)


@pytest.mark.parametrize(("heading", "plans"), [
    ("城市更新项目将全面提速", True), ("下一步要守牢安全底线", True), ("研究制定促进消费若干措施", True),
    ("2026年将新建保障性住房1万套", True), ("城市更新项目全面提速", False),
    ("已将项目纳入省重点", False), ("主要指标完成情况", False)])
def test_a_heading_states_plans_by_its_own_wording(heading, plans):
    assert states_plan_heading(heading) is plans


# --- the pieces of the rules ----------------------------------------------------------------

def _line(text):
    from desktop_app.core.structure_lines import Line
    return Line(0, 0, len(text), text)


@pytest.mark.parametrize(("paragraph", "clause"), [
    ("营商环境持续优化。新设市场主体增长12%。", "营商环境持续优化"),
    ("农产品出口逆势上扬，蔬菜和水果出口分别增长9%和6%。", "农产品出口逆势上扬"),
    ("经过多年努力，全市森林覆盖率达到45%以上。", None),
    ("2025年，全市财政收入增长3%，税收占比提高。", None),
    ("基层是社会治理的基础，也是矛盾化解的第一道防线。", None),
    ("优化营商环境，是激发市场活力的关键所在，必须持续推进。", None),
    ("市场监管局局长表示，今年将深化改革。", None),
    ("“稳”字当头，全年经济运行平稳有序。", None),
    ("一批“专精特新”企业茁壮成长。新增省级企业85家。", "一批“专精特新”企业茁壮成长"),
    ("“数字乡村”建设提速扩面，全省行政村光纤通达率100%。", "“数字乡村”建设提速扩面"),
    ("“我们的订单排到了明年，”厂长笑着说。", None),
    ("清晨，菜市场里已是人头攒动，摊主们忙着上货。", None),
    ("一台老式织布机，静静地摆放在展厅中央。", None),
    ("一批重大项目加快建设，全年完成投资300亿元。", "一批重大项目加快建设"),
])
def test_a_headline_clause_is_a_short_topic_and_its_state(paragraph, clause):
    assert headline(_line(paragraph)) == clause


def test_dash_and_aspect_leads():
    assert dash_lead(_line("筑牢安全防线——全面排查隐患，整改到位率100%。")) == "筑牢安全防线"
    assert dash_lead(_line("——访市长王某")) is None
    assert aspect_lead(_line("在产业培育方面，新增规上企业120家。")) == "在产业培育方面"
    assert aspect_lead(_line("人才引进方面，引进高层次人才300名。")) == "人才引进方面"
    assert aspect_lead(_line("各方面工作都取得进展，成绩来之不易。")) is None
    assert aspect_lead(_line("在人才引进上，引进高层次人才300名。")) == "在人才引进上"
    assert aspect_lead(_line("在此基础上，全面推开试点。")) is None
    assert aspect_lead(_line("在全市工作会议上，部署了五项任务。")) is None


# --- figures link to their deepest section -------------------------------------------------

def test_a_figure_links_to_its_item_and_one_after_the_items_to_the_area():
    text = ("某市交通建设情况\n" + LEAD +
            "路网建设提速\n"
            "全市交通投资保持高位运行。\n"
            "高速公路加密成网。新增高速公路通车里程86公里。\n"
            "农村公路提档升级。改造农村公路1200公里。\n"
            "据介绍，全年交通投资完成310亿元。\n"
            "运输服务改善\n开通城乡公交线路25条。\n")
    document = parse_text(text)
    by_text = {m.text: m.section for m in document.metrics}
    sections = document.sections
    assert sections[by_text["86公里"]].heading == "高速公路加密成网"
    assert sections[by_text["1200公里"]].heading == "农村公路提档升级"
    assert sections[by_text["310亿元"]].heading == "路网建设提速"
    assert sections[by_text["25条"]].heading == "运输服务改善"


# --- areas written as parallel paragraphs -------------------------------------------------

def test_paragraphs_opening_with_zai_fangmian_are_level_1_areas():
    """No headings: three paragraphs that each open 在…方面， are the areas of the release."""
    text = ("某县2024年乡村振兴工作综述\n"
            "2024年，县委县政府坚持农业农村优先发展，乡村振兴取得新进展。\n"
            "在产业发展方面，全县新培育农业龙头企业12家，农产品加工产值增长9%。\n"
            "在乡村建设方面，新改建农村公路180公里，卫生厕所普及率达到92%。\n"
            "在基层治理方面，建成村级综治中心210个，矛盾纠纷就地化解率96%。\n")
    sections = analyse(text).sections
    areas = [s for s in sections if s.kind == "achievement"]
    assert [s.heading for s in areas] == ["在产业发展方面，全县新培育农业龙头企业12家，农产品加工产值增长9%",
                                          "在乡村建设方面，新改建农村公路180公里，卫生厕所普及率达到92%",
                                          "在基层治理方面，建成村级综治中心210个，矛盾纠纷就地化解率96%"]
    assert all(s.level == 1 for s in sections)


# --- picture captions and photo credits (never sections) -------------------------------------

@pytest.mark.parametrize("credit", ["周明远摄（新华视点）", "本报记者  吴  桐摄", "景区管委会供图", "刘佳摄(视觉中国)"])
def test_a_photo_credit_line_and_the_caption_above_it_are_pictures(credit):
    lines = split_lines("湖北宜昌市，游客在江边栈道骑行。\n" + credit + "\n")
    assert is_photo_credit(credit) and is_picture_line(lines, 1)
    assert is_caption_over_credit(lines, 0) and is_picture_line(lines, 0)


def test_a_page_of_photos_before_the_body_makes_no_section():
    pictures = "".join(f"某县{place}，村民在合作社分拣果蔬。　　{name}摄（图片中心）\n某县{place}，村民在合作社分拣果蔬。\n"
                       f"{name}摄（图片中心）\n" for place, name in (("东坪镇", "赵一鸣"), ("西岭乡", "孙晓")))
    text = ("这一年，县域经济亮点纷呈（岁末盘点）\n" + pictures +
            "今年以来，全县坚持稳中求进，县域经济总体平稳。各乡镇因地制宜发展特色产业，成效明显。\n"
            "特色种植提质增效，全县新增高标准农田1.2万亩，果蔬产量稳步增长，带动农民持续增收。\n"
            "乡村旅游人气攀升，民宿、农家乐接待游客人次创历史新高，乡村旅游综合收入明显增加。\n")
    assert not [s for s in analyse(text).sections if "摄" in text[s.start:s.start + 30] and s.kind != "other"]


# --- a page of reports under kickers --------------------------------------------------------

def test_kickers_with_a_dash_over_report_titles_are_the_areas_and_their_quotes_do_not_make_plans():
    report = ("{kicker}——\n{title}\n本报记者  {name}\n"
              "清晨，{place}的生产车间里机器轰鸣，一批新产品正在装箱发往各地，今年订单量比去年明显增加。\n"
              "“我们将继续扩大产能，明年还要再上一条生产线。”车间主任{name}说。\n"
              "当地出台专项扶持政策，帮助企业降低成本，全年新增就业岗位超过千个。\n")
    text = ("这一年，实体经济稳中有进（年终特别报道）\n"
            "今年以来，各地着力稳定工业运行，实体经济展现出较强韧性，企业生产经营总体向好。\n"
            + report.format(kicker="智能制造", title="车间焕新，产线更聪明", name="冯立", place="某开发区")
            + report.format(kicker="绿色能源", title="风光互补，电力更清洁", name="季岚", place="某新区")
            + report.format(kicker="现代物流", title="货畅其流，配送更高效", name="彭舒", place="某港区"))
    tree = _tree(text)
    assert [(t[0], t[2], t[3]) for t in tree] == [
        (1, "achievement", "智能制造——"), (1, "achievement", "绿色能源——"), (1, "achievement", "现代物流——")]
    _check_invariants(text)


def test_a_dash_line_without_a_title_under_it_is_no_kicker():
    lines = split_lines("前文段落写完了，并且这是一个足够长的正文段落用于测试。\n智能制造——\n"
                        "清晨，某开发区的生产车间里机器轰鸣，一批新产品正在装箱发往各地。\n")
    assert _report_body(lines, 1, len(lines)) is None


def test_headline_couplets_of_up_to_twelve_characters_are_areas_but_a_saying_is_not():
    body = "各地积极培育新业态新模式，相关政策持续发力，市场主体活力不断增强，发展后劲进一步积蓄。\n"
    text = ("这一年，服务消费提质扩容（年终盘点）\n" + body +
            "数字服务打开消费增长空间，释放内需潜力。\n" + body +
            "游客走到哪里，服务就延伸到哪里。\n" + body +
            "文旅融合带动县域客流回升，激发市场活力。\n" + body +
            "智能制造——\n车间焕新，产线更聪明\n本报记者  冯立\n" + body +
            "现代物流——\n货畅其流，配送更高效\n本报记者  彭舒\n" + body)
    headings = [h for _, _, _, h in _tree(text)]
    assert headings == ["数字服务打开消费增长空间，释放内需潜力", "文旅融合带动县域客流回升，激发市场活力",
                        "智能制造——", "现代物流——"]


def test_a_time_or_place_opening_is_no_headline_clause():
    assert headline(_line("前不久，某港区新建的自动化码头正式投入运营，吞吐能力明显提升。")) is None
    assert headline(_line("展厅之内，各类新型农机整齐排列，吸引不少农户驻足了解。")) is None


def test_a_remark_quoted_from_a_speaker_is_left_out_of_the_lean_but_a_quoted_document_is_not():
    said = "“下一步我们将扩大生产规模，力争再上新台阶。”厂长表示。全年产值增长两成。"
    assert without_remarks(said) == "厂长表示。全年产值增长两成。"
    assert without_remarks("他说：“明年我们还要新建三个仓库，继续扩大规模。”") == "他"
    long_title = "“我们将推出百场促销活动，丰富消费场景。”某省某市商务局副局长某某某介绍。"
    assert without_remarks(long_title) == "某省某市商务局副局长某某某介绍。"
    quoted = "规划建议提出“加快构建以先进制造业为骨干的现代化产业体系”。"
    assert without_remarks(quoted) == quoted


# --- interviews: headline sentences, a run after each answer, inline pairs ------------------

def test_each_answer_under_an_interview_heading_lists_its_own_headline_sentences():
    text = ("推动就业服务提质增效（专访）\n——访某省人力资源社会保障厅厅长\n"
            "近年来某省就业形势总体稳定。为深入了解有关情况，本报记者专访了某省人力资源社会保障厅厅长周某。\n"
            "就业服务体系建设迈出坚实步伐\n"
            "记者：过去五年，全省就业服务工作有哪些收获？\n"
            "周某：五年来，全省就业服务体系不断健全，形成了一批可复制的经验。\n"
            "公共就业服务网络实现城乡全覆盖。全省建成零工市场和就业驿站，群众在家门口就能找到工作。\n"
            "重点群体就业帮扶取得明显成效。高校毕业生、退役军人和农民工就业保持稳定，困难人员动态清零。\n"
            "织密就业服务网络，更好服务群众\n"
            "记者：接下来在就业服务方面有哪些考虑？\n"
            "周某：就业是最基本的民生，要久久为功。\n"
            "把技能培训作为主攻方向。围绕产业需要开设培训项目，让劳动者学到真本事、找到好岗位。\n"
            "把岗位开发作为关键抓手。支持企业稳岗扩岗，挖掘社区服务和新就业形态岗位。\n"
            "记者：如何让服务更加精准？\n"
            "周某：精准是就业服务的生命线。\n"
            "用好就业大数据平台。一方面，归集岗位和求职信息，实现人岗智能匹配；另一方面，跟踪服务重点人群，及时发现就业困难。\n"
            "健全就业援助长效机制。对困难人员实行实名帮扶，做到出现一户、援助一户。\n")
    tree = _tree(text)
    first, second = "就业服务体系建设迈出坚实步伐", "织密就业服务网络，更好服务群众"
    assert [(level, parent, heading) for level, parent, _, heading in tree] == [
        (1, None, first),
        (2, first, "公共就业服务网络实现城乡全覆盖"),
        (2, first, "重点群体就业帮扶取得明显成效"),
        (1, None, second),
        (2, second, "把技能培训作为主攻方向"),
        (2, second, "把岗位开发作为关键抓手"),
        (2, second, "用好就业大数据平台"),
        (2, second, "一方面，归集岗位和求职信息"),
        (2, second, "另一方面，跟踪服务重点人群"),
        (2, second, "健全就业援助长效机制")]
    assert [kind for _, _, kind, _ in tree][:3] == ["achievement"] * 3
    assert {kind for _, _, kind, _ in tree[3:]} == {"priority"}
    _check_invariants(text)


def test_a_pair_inside_a_paragraph_is_two_items_but_a_lone_one_fang_mian_is_not():
    pair = _line("用好平台。一方面，归集岗位信息，实现智能匹配；另一方面，跟踪重点人群，及时发现困难。")
    assert [(it.heading, it.start) for it in pair_sentences(pair)] == [
        ("一方面，归集岗位信息", 5), ("另一方面，跟踪重点人群", 23)]
    assert pair_sentences(_line("一方面，归集岗位信息，实现智能匹配。这项工作还在推进。")) == []


@pytest.mark.parametrize(("paragraph", "clause"), [
    ("把技能培训作为主攻方向。围绕产业需要开设培训项目，让劳动者学到真本事。", "把技能培训作为主攻方向"),
    ("重点群体就业帮扶取得明显成效。高校毕业生就业保持稳定。", "重点群体就业帮扶取得明显成效"),
    ("全面推行就业服务标准化与数字化改革取得重要制度成果。各地出台配套办法。", "全面推行就业服务标准化与数字化改革取得重要制度成果"),
    ("保障新就业形态劳动者和灵活就业人员合法权益。依法办理劳动争议案件1200件。",
     "保障新就业形态劳动者和灵活就业人员合法权益"),
    ("今年全省城镇新增就业人数保持稳定。", None),
    ("这是全省就业服务工作的基本经验所在。此外还有很多。", None),
])
def test_a_short_sentence_without_a_comma_is_a_headline(paragraph, clause):
    assert headline(_line(paragraph)) == clause


def test_a_paragraph_whose_sentences_each_open_with_a_headline_clause_lists_its_topics():
    body = "各地积极培育新业态新模式，相关政策持续发力，市场主体活力不断增强，发展后劲进一步积蓄。\n"
    text = ("这一年，服务消费提质扩容（年终盘点）\n" + body +
            "数字服务打开消费增长空间，释放内需潜力。\n"
            "网络文娱加速融合，用户规模稳步扩大。智慧健身走进社区，场馆预约更加便捷。"
            "即时零售覆盖县城，全年订单预计增长三成。\n" + body +
            "文旅融合带动县域客流回升，激发市场活力。\n" + body +
            "智能制造——\n车间焕新，产线更聪明\n本报记者  冯立\n" + body +
            "现代物流——\n货畅其流，配送更高效\n本报记者  彭舒\n" + body)
    tree = _tree(text)
    area = "数字服务打开消费增长空间，释放内需潜力"
    assert [(level, parent, kind, heading) for level, parent, kind, heading in tree[:4]] == [
        (1, None, "achievement", area), (2, area, "achievement", "网络文娱加速融合"),
        (2, area, "achievement", "智慧健身走进社区"), (2, area, "achievement", "即时零售覆盖县城")]
    _check_invariants(text)


def test_a_lead_telling_of_a_plan_document_does_not_make_the_answers_plans():
    text = ("推动养老服务高质量发展（权威访谈）\n"
            "规划建议对未来五年养老服务发展作出部署。为深入了解有关情况，本报记者采访了某部门负责人。\n"
            "养老服务体系建设取得了一系列成果\n"
            "记者：过去五年，养老服务取得了哪些成果？\n"
            "负责人：五年来，养老服务体系建设取得明显成效。全国养老机构数量持续增加，服务质量不断提升。\n"
            "着力扩大普惠养老服务供给\n"
            "记者：下一步有哪些打算？\n"
            "负责人：下一步，我们将加快发展社区嵌入式养老，扩大普惠养老服务供给，让老年人就近享受服务。\n")
    kinds = {heading: kind for _, _, kind, heading in _tree(text)}
    assert kinds["养老服务体系建设取得了一系列成果"] == "achievement"
    assert kinds["着力扩大普惠养老服务供给"] == "priority"


def test_an_estimate_of_the_year_reported_is_no_plan():
    assert lean("冰上项目持续升温，产业规模全年预计突破千亿元。") <= 0
    assert lean("产业规模预计到2030年达到万亿元。") > 0


def _qa_release(label_own_line: bool) -> str:
    """A Q&A briefing report: each block a label line (问, or 问：) and a bold question line."""
    def block(question, answer):
        return ("问\n" if label_own_line else "问：\n") + question + "\n" + answer
    intro = "“今年的工作要点突出稳中求进，注重把当前任务和长远目标结合起来。”该部门负责人表示。\n"
    return ("把养老服务送到家门口（新闻发布会）\n" + LEAD + intro +
            block("去年全省养老服务体系建设进展如何？",
                  "去年，全省新建社区养老服务站六百多个，覆盖城乡社区的养老网络基本建成。\n"
                  "“养老服务关系千家万户。”该负责人说，各地持续完善服务设施，老年人满意度稳步提升。\n") +
            block("在扩大普惠养老服务供给方面，文件提出了哪些举措？",
                  "“普惠养老是民生所盼。”该负责人说，文件从三个方面作出安排。\n"
                  "扩充社区助餐服务网络。依托社区服务中心开办老年食堂，推动助餐点向农村延伸，提供多样化餐食。\n"
                  "培育专业照护人员队伍。完善养老护理员职业技能等级认定办法，支持院校开设相关专业课程。\n"
                  "推广家庭养老床位建设。鼓励服务机构上门提供照护，对失能老人家庭给予适老化改造补助。\n"))


@pytest.mark.parametrize("label_own_line", [True, False])
def test_a_question_under_a_label_is_a_heading_and_the_answers_topics_are_its_items(label_own_line):
    text = _qa_release(label_own_line)
    tree = _tree(text)
    question = "在扩大普惠养老服务供给方面，文件提出了哪些举措？"
    headings = [heading for level, _, _, heading in tree if level == 1]
    assert any(h.endswith("去年全省养老服务体系建设进展如何？") for h in headings)
    assert question in headings
    items = [(parent, kind, heading) for level, parent, kind, heading in tree if level == 2]
    assert items == [(question, "priority", "扩充社区助餐服务网络"), (question, "priority", "培育专业照护人员队伍"),
                     (question, "priority", "推广家庭养老床位建设")]
    assert {kind for _, _, kind, heading in tree if heading == question} == {"priority"}
    _check_invariants(text)


def test_a_label_line_alone_or_a_question_without_an_answer_is_no_heading():
    text = ("某市举行发布会\n" + LEAD + "问\n会上有哪些亮点？\n问\n")
    assert not [s for s in analyse(text).sections if s.heading and "亮点" in s.heading]


@pytest.mark.parametrize("question, plans", [
    ("针对稳就业，文件提出了哪些举措？", True),
    ("下一步，在提升服务质量上将如何发力？", True),
    ("目前项目进展如何？下一步怎样推进？", False),
    ("这些政策出台后，各地将怎样落实？", True),
    ("去年取得了哪些成效？", False),
    ("目前进展如何？", False),
    ("这项工作取得了哪些成效？下一步有何打算？", False),
])
def test_a_question_asking_what_will_be_done_is_a_plan_heading(question, plans):
    assert asks_for_plans(question) is plans


def test_sentences_opening_with_a_level_or_an_aspect_inside_a_paragraph_are_items():
    text = ("某市推进养老服务体系建设（新闻发布会）\n" + LEAD +
            "养老服务网络持续织密\n"
            "养老服务是重要的民生工程。近年来，养老服务网络建设明显提速。市级层面，去年建成综合养老服务中心"
            "12个，统筹调度全市床位资源；区县层面，累计建成街道养老服务站86个，实现街道全覆盖。\n"
            "社区助餐服务提质增效\n"
            "社区助餐点已覆盖主城区。负责人表示，助餐服务还有不少短板。\n"
            "布点方面，今年新增助餐点30个，主要分布在老旧小区。配送方面，已组建送餐队伍15支，"
            "累计上门送餐4万余份。\n")
    tree = _tree(text)
    items = [(parent, heading) for level, parent, _, heading in tree if level == 2]
    assert items == [("养老服务网络持续织密", "市级层面"), ("养老服务网络持续织密", "区县层面"),
                     ("社区助餐服务提质增效", "布点方面"), ("社区助餐服务提质增效", "配送方面")]
    _check_invariants(text)


def test_a_topic_paragraph_keeps_its_aspect_sentences_as_evidence():
    text = ("某市消费市场运行情况（权威发布）\n" + LEAD +
            "消费市场稳中有升\n今年以来，全市消费市场总体平稳。\n"
            "文旅消费热度攀升，带动服务消费较快增长。景区方面，接待游客同比增长8%；酒店方面，入住率提高3个百分点。\n"
            "线上消费持续活跃，网络零售额保持两位数增长，快递业务量再创新高。\n"
            "投资结构持续优化\n今年以来，全市投资结构持续优化，新开工项目较多。\n")
    items = [heading for level, _, _, heading in _tree(text) if level == 2]
    assert "景区方面" not in items and "酒店方面" not in items
    assert "另一方面" not in items


def test_measures_set_apart_by_semicolons_after_a_plan_are_items_and_make_the_heading_a_plan():
    text = ("某省推进数字乡村建设（政策吹风会）\n" + LEAD +
            "让数字技术惠及更多农户\n"
            "近年来，全省数字乡村建设取得积极成效，农村宽带通达率明显提高。\n"
            "为推动各项措施落地，该负责人介绍，将夯实网络基础，推动千兆光网向行政村延伸；"
            "培育数字人才，开展农民数字技能培训；拓宽销售渠道，支持农产品电商直播；"
            "健全服务体系，完善村级综合服务站点。\n"
            "提升乡村治理效能\n"
            "把数字治理作为重要抓手。要坚持平台共建，整合各类政务服务；坚持数据共享，"
            "打通部门信息壁垒；坚持应用共推，推广基层治理典型经验。\n"
            "乡村治理数字化水平进一步提升，群众办事更加便捷高效。\n")
    tree = _tree(text)
    heading = "让数字技术惠及更多农户"
    items = [(parent, kind, h) for level, parent, kind, h in tree if level == 2]
    assert [h[:4] for parent, _, h in items if parent == heading] == ["夯实网络", "培育数字", "拓宽销售", "健全服务"]
    assert {kind for parent, kind, _ in items if parent == heading} == {"priority"}
    assert {kind for level, _, kind, h in tree if h == heading} == {"priority"}
    assert not [h for parent, _, h in items if h.startswith(("坚持平台", "坚持数据"))]
    _check_invariants(text)


def test_part_headings_of_a_work_report_around_its_numbered_areas_are_level_one():
    text = ("某省高级人民法院工作报告（摘要）\n"
            "省高级人民法院院长某某1月20日在省十四届人民代表大会第三次会议上作省高级人民法院工作报告。摘要如下：\n"
            "2024年工作回顾\n"
            "过去一年，全省法院坚持公正司法，各项工作取得新进展。全年受理案件98.2万件，审结95.6万件。\n"
            "一、依法惩治犯罪，维护社会安定\n"
            "审结刑事案件3.1万件，判处罪犯4.2万人。\n"
            "二、服务发展大局，优化营商环境\n"
            "审结商事案件21.4万件，涉企纠纷调解成功率提高6个百分点。\n"
            "2025年工作安排\n"
            "全省法院要坚持稳中求进，重点抓好以下工作。\n"
            "第一，持续提升审判质效。完善审判管理机制，推进繁简分流。\n"
            "第二，切实加强队伍建设。开展全员业务培训，锻造过硬法院队伍。\n")
    tree = _tree(text)
    assert [(kind, h) for level, _, kind, h in tree if level == 1] == [
        ("achievement", "2024年工作回顾"), ("achievement", "一、依法惩治犯罪，维护社会安定"),
        ("achievement", "二、服务发展大局，优化营商环境"), ("priority", "2025年工作安排")]
    assert [(parent, kind, h) for level, parent, kind, h in tree if level == 2] == [
        ("2025年工作安排", "priority", "第一，持续提升审判质效"),
        ("2025年工作安排", "priority", "第二，切实加强队伍建设")]
    _check_invariants(text)


def test_a_summary_opening_under_a_heading_is_no_item_beside_headline_sentences():
    text = ("某市人民检察院工作报告（摘要）\n" + LEAD +
            "一、聚焦主责主业，守护一方平安\n"
            "忠实履行法律监督职责，依法惩治各类犯罪，全力维护社会大局稳定。全年起诉各类犯罪嫌疑人5120人。\n"
            "严厉打击电信网络诈骗。起诉电诈犯罪312人，追赃挽损1.2亿元。\n"
            "依法惩治毒品犯罪。起诉毒品犯罪145人，同比下降8.1%。\n"
            "深入推进扫黑除恶常态化。起诉涉黑涉恶犯罪27人，打掉犯罪团伙4个。\n"
            "二、坚持司法为民，办好民生实事\n"
            "检察服务中心接待群众来访1.8万人次，办理司法救助案件326件。\n")
    items = [(parent, h) for level, parent, _, h in _tree(text) if level == 2]
    heading = "一、聚焦主责主业，守护一方平安"
    assert items == [(heading, "严厉打击电信网络诈骗"), (heading, "依法惩治毒品犯罪"), (heading, "深入推进扫黑除恶常态化")]
    _check_invariants(text)


@pytest.mark.parametrize("paragraph, plans", [
    ("过去一年，全区始终将就业摆在优先位置，新增就业岗位持续扩大，群众收入稳步增长。", False),
    ("去年，我们将教育投入向农村倾斜，办学条件明显改善。", False),
    ("下半年，全区将把就业摆在优先位置，进一步扩大新增岗位。", True),
    ("明年，我们要把教育投入向农村倾斜。", True),
])
def test_a_paragraph_opening_with_a_past_time_phrase_does_not_look_forward(paragraph, plans):
    assert opens_plans(paragraph) is plans


def test_headline_lines_ending_with_a_dash_between_paragraphs_are_areas():
    text = ("某省加快建设现代化产业体系（高质量发展调研行）\n" + LEAD +
            "车间里，机械臂上下翻飞，一台台新能源整车驶下生产线。这是某省推进制造业转型升级的一个缩影。\n"
            "龙头企业带动配套集聚，产业链条越拉越长——\n"
            "走进某汽车产业园，零部件企业围绕整车厂布局。园区负责人介绍，本地配套率已提高到65%，"
            "一批配套企业落户园区，形成了完整的产业链条。\n"
            "数字技术深度融入生产，老企业焕发新活力——\n"
            "在一家纺织企业的智能车间，工人数量减少了一半，产能却提高了30%。全省已建成智能工厂120家，"
            "规上工业企业数字化改造覆盖率达到78%。\n"
            "营商环境持续优化，市场主体活力竞相迸发——\n"
            "全省推行涉企事项“一网通办”，企业开办时间压缩至1个工作日。去年新登记经营主体增长12.4%，"
            "民间投资增速高于全部投资2个百分点。\n")
    tree = _tree(text)
    assert [(level, h) for level, _, _, h in tree] == [
        (1, "龙头企业带动配套集聚，产业链条越拉越长——"), (1, "数字技术深度融入生产，老企业焕发新活力——"),
        (1, "营商环境持续优化，市场主体活力竞相迸发——")]
    assert {kind for _, _, kind, _ in tree} == {"achievement"}
    _check_invariants(text)


def test_headlines_with_a_dash_under_an_ordinary_heading_stay_its_items():
    text = ("某市政务服务改革综述\n" + LEAD +
            "改革让群众办事更方便\n"
            "近年来，全市持续深化“放管服”改革，一批改革举措落地见效，群众办事越来越便捷。\n"
            "推行“一件事一次办”——\n"
            "新生儿出生、企业开办等事项实现一次申请、并联审批，办理时间平均压缩了60%，群众少跑腿。\n"
            "建设“15分钟便民服务圈”——\n"
            "全市建成社区便民服务站260个，社保、医保等高频事项可就近办理，去年累计办件48万件。\n"
            "监管执法更加规范\n"
            "全市推行包容审慎监管，涉企行政检查次数同比下降35%，企业满意度明显提升。\n")
    tree = _tree(text)
    assert [(level, parent, h) for level, parent, _, h in tree] == [
        (1, None, "改革让群众办事更方便"), (2, "改革让群众办事更方便", "推行“一件事一次办”——"),
        (2, "改革让群众办事更方便", "建设“15分钟便民服务圈”——"), (1, None, "监管执法更加规范")]
    _check_invariants(text)


def test_a_kicker_over_a_title_and_a_keyword_label_opens_a_speakers_section():
    text = ("第一场代表通道  听代表讲履职故事（现场·代表通道）\n"
            "3月5日上午，某省人大会议第一场“代表通道”集中采访活动举行，两位代表接受了记者采访。\n"
            "某村党支部书记王某——\n"
            "让乡亲们的日子越过越红火\n"
            "关键词\n"
            "共同富裕\n"
            "“这几年，村里的变化大家都看得见。”王某介绍，村里发展茶叶种植1200亩，村民人均收入增长了一倍多。"
            "今年，村里将新建茶叶加工厂，继续带动乡亲们增收。\n"
            "王某表示，将把乡亲们的期盼带到会上，推动更多惠民政策落地见效，让乡亲们的日子越过越红火。\n"
            "某医院院长李某——\n"
            "把优质医疗资源送到家门口\n"
            "关键词\n"
            "健康服务\n"
            "“群众看病难的问题，正在一点点解决。”李某介绍，医院牵头组建的医联体已覆盖18家乡镇卫生院，"
            "基层门诊量提高了30%。下一步，医院将继续推动专家下沉。\n"
            "李某表示，要让群众在家门口就能看好病，将推动远程会诊覆盖所有村卫生室。\n")
    tree = _tree(text)
    assert [h for level, _, _, h in tree if level == 1] == ["某村党支部书记王某——", "某医院院长李某——"]
    assert not [h for _, _, _, h in tree if h in ("关键词", "共同富裕", "健康服务")]
    _check_invariants(text)


@pytest.mark.parametrize(("paragraph", "clause"), [
    ("出台这部条例的主要目的，就是要把基层减负的成果用制度固定下来。", None),
    ("开展这次专项行动的初衷，正是回应群众对食品安全的关切。", None),
    ("养老服务网络持续织密，全市新建社区养老服务站42个，覆盖所有街道。", "养老服务网络持续织密"),
])
def test_a_clause_defined_by_what_follows_is_no_headline(paragraph, clause):
    assert headline(_line(paragraph)) == clause


def test_short_sentences_opening_with_the_same_verb_inside_a_topic_paragraph_are_items():
    text = ("某省人民法院工作报告（摘要）\n" + LEAD +
            "一、公正高效审理案件\n"
            "强化刑事审判工作。严格落实证据裁判。坚持疑罪从无，审结刑事案件2.1万件，依法宣告无罪12人。"
            "严格落实庭审实质化。证人出庭作证率提高到18%。严格落实认罪认罚从宽。适用率达86%。\n"
            "强化民事审判工作。审结民事案件31.5万件，同比增长4.2%，调解撤诉率达41%。\n"
            "强化行政审判工作。审结行政案件6800件，行政机关负责人出庭应诉率达98%。\n"
            "二、推进诉源治理\n全省法院推动矛盾纠纷源头化解，诉前调解成功案件9.6万件。\n")
    items = [h for level, _, _, h in _tree(text) if level == 2]
    assert items == ["强化刑事审判工作", "严格落实证据裁判", "严格落实庭审实质化", "严格落实认罪认罚从宽",
                     "强化民事审判工作", "强化行政审判工作"]
    _check_invariants(text)


def test_paragraphs_each_opening_with_the_titles_subject_and_a_verb_are_areas():
    text = ("浙江安吉 念好“绿水青山”经  走出生态富民路\n"
            "2025年，浙江省安吉县地区生产总值突破700亿元，城乡居民收入比缩小到1.5，生态优势加快转化为发展优势。\n"
            "安吉做强白茶和竹产业，推动一二三产业融合发展，白茶全产业链产值达到62亿元。竹制品企业加快转型，"
            "新开发竹材料产品200多种。\n"
            "安吉坚持全域美丽建设，持续推进农村人居环境整治，建成美丽乡村精品示范村48个，"
            "乡村旅游接待游客增长15%。\n"
            "安吉聚焦共同富裕，完善强村富民机制，村级集体经济经营性收入全部超过200万元。\n"
            "面向未来，安吉将继续深化“两山”转化，努力建设生态文明高地。\n")
    tree = _tree(text)
    assert [(level, kind, h[:4]) for level, _, kind, h in tree][:3] == [
        (1, "achievement", "安吉做强"), (1, "achievement", "安吉坚持"), (1, "achievement", "安吉聚焦")]
    _check_invariants(text)


def test_paragraphs_opening_with_a_word_not_in_the_title_are_no_areas():
    text = ("某县经济运行情况通报\n"
            "今年以来，某县经济运行总体平稳，主要指标好于预期。\n"
            "工业生产稳中有升，规模以上工业增加值增长6.2%，高技术制造业增长较快。\n"
            "全县消费市场回暖，社会消费品零售总额增长5.1%。全县新增就业1.2万人。\n"
            "全县固定资产投资增长4.3%，其中民间投资增长2.1%。\n"
            "全县外贸进出口增长3.8%，出口保持较快增长。\n")
    assert not [h for _, _, _, h in _tree(text) if h and h.startswith("全县")]
