"""Outline rules drawn from the genre's layout (not from any one release), each checked on a
synthetic release in its own wording. See tests/data/corpus/README.md for the conventions."""
from desktop_app.core.structure import analyse
from desktop_app.core.structure_kinds import asks_for_plans

LEAD = "近日，某省政府新闻办举行新闻发布会，介绍有关情况。\n"


def _tree(text):
    """(level, parent heading or None, kind, heading) of each section with a heading."""
    sections = analyse(text).sections
    return [(s.level, sections[s.parent].heading if s.parent is not None else None, s.kind, s.heading)
            for s in sections if s.heading]


def _check_invariants(text):
    """Parents come earlier and are level 1; an item lies inside its parent's span."""
    sections = analyse(text).sections
    for k, s in enumerate(sections):
        assert (s.level == 2) == (s.parent is not None)
        if s.parent is not None:
            parent = sections[s.parent]
            assert s.parent < k and parent.level == 1
            assert parent.start <= s.start and s.end <= parent.end


# --- Q&A releases written 问：…？ / 答：… ----------------------------------------------------------

QA = ("省交通运输厅负责人就《关于加快建设综合立体交通网的实施方案》答记者问\n"
      "日前，省政府办公厅印发《关于加快建设综合立体交通网的实施方案》，省交通运输厅负责人回答了记者提问。\n"
      "问：请简要介绍一下《实施方案》的起草过程。\n"
      "答：起草过程中，我们深入市县调研，广泛征求有关部门、专家学者和社会公众意见，反复修改完善后形成了送审稿。\n"
      "问：在完善路网布局方面，《实施方案》提出了哪些要求？\n"
      "答：《实施方案》围绕路网布局提出三方面要求。一是加密干线铁路网，推进沿江高铁等项目前期工作。"
      "二是畅通国省干线公路，加快改造瓶颈路段。三是补齐农村公路短板，实施自然村通硬化路工程。\n"
      "问：在提升运输服务方面有哪些部署？\n"
      "答：主要有两项部署。一是发展多式联运，建设一批铁水联运枢纽。二是优化城乡客运，推动城乡公交一体化发展。\n")


def test_question_turns_of_a_qa_release_are_headings_and_the_answers_items_are_theirs():
    tree = _tree(QA)
    tops = [(kind, heading) for level, _, kind, heading in tree if level == 1]
    q2 = "在完善路网布局方面，《实施方案》提出了哪些要求？"
    q3 = "在提升运输服务方面有哪些部署？"
    assert [h for _, h in tops if h.endswith("？")] == [f"问：{q2}", f"问：{q3}"]
    assert ("priority", f"问：{q2}") in tops and ("priority", f"问：{q3}") in tops
    items = [(parent, heading[:2]) for level, parent, _, heading in tree if level == 2]
    assert items == [(f"问：{q2}", "一是"), (f"问：{q2}", "二是"), (f"问：{q2}", "三是"),
                     (f"问：{q3}", "一是"), (f"问：{q3}", "二是")]
    _check_invariants(QA)


def test_a_question_turn_without_an_answer_paragraph_is_no_heading():
    text = ("某市举行政策吹风会\n" + LEAD +
            "问：这项政策什么时候开始实施？\n"
            "据介绍，政策将于下月起实施，各区将同步出台配套细则，确保政策平稳落地见效。\n"
            "问：申请需要准备哪些材料？\n"
            "据介绍，申请人需提交身份证明和相关证明材料，可在网上办理，也可到窗口办理。\n")
    assert not [s for s in analyse(text).sections if s.heading and s.heading.startswith("问：")]


def test_a_question_about_the_requirements_of_a_document_asks_for_plans():
    assert asks_for_plans("对规范收费行为，《办法》提出哪些要求？")
    assert not asks_for_plans("去年的工作取得了哪些成效？")


# --- a forward look under the last heading line -------------------------------------------------

INTERVIEW = ("守护绿水青山 建设美丽家园——访省生态环境厅厅长\n"
             "记者近日专访了省生态环境厅厅长，请他介绍全省生态环境保护工作进展和下一步打算。\n"
             "污染防治攻坚战成效显著\n"
             "记者：过去一年，全省生态环境质量有哪些变化？\n"
             "厅长：全省细颗粒物平均浓度下降到每立方米28微克，优良天数比例达到百分之九十以上，"
             "地表水国控断面水质优良比例持续提高，生态环境质量总体改善。\n"
             "扎实推进生态文明建设再上新台阶\n"
             "记者：下一步将如何推进生态环境保护工作？\n"
             "厅长：我们将坚持精准治污、科学治污、依法治污，重点做好以下工作。\n"
             "一是深入打好蓝天保卫战。推动重点行业超低排放改造，加强柴油货车污染治理。\n"
             "二是持续改善水环境质量。加快补齐城镇污水收集管网短板，推进重点湖库综合治理。\n"
             "三是加强土壤污染源头防控。开展耕地土壤重金属污染溯源整治，严格建设用地准入管理。\n")


def test_a_forward_look_under_the_last_heading_is_its_prose_and_its_list_its_items():
    tree = _tree(INTERVIEW)
    last = "扎实推进生态文明建设再上新台阶"
    items = [(parent, heading[:2]) for level, parent, _, heading in tree if level == 2]
    assert items == [(last, "一是"), (last, "二是"), (last, "三是")]
    assert [heading for level, _, _, heading in tree if level == 1] == ["污染防治攻坚战成效显著", last]
    _check_invariants(INTERVIEW)


def test_a_forward_look_after_paragraph_areas_stays_a_section_of_its_own():
    """No heading line above it: the outlook and its list keep their own level."""
    text = ("某市2024年交通工作情况\n" + LEAD +
            "全年完成交通固定资产投资120亿元，新改建农村公路600公里，城乡客运一体化水平持续提升。\n"
            "下一步，市交通运输局将重点抓好以下工作。\n"
            "一是加快重大项目建设。推进绕城高速等项目前期工作。\n"
            "二是提升运输服务水平。优化公交线网，推广定制客运。\n")
    levels = {heading[:2]: level for level, _, _, heading in _tree(text) if heading}
    assert levels["一是"] == 1 and levels["二是"] == 1


# --- long heading lines of several clauses --------------------------------------------------------

SIGNED = ("奋力谱写乡村全面振兴新篇章\n"
          "某省委书记  某某\n"
          "乡村振兴是关系全局的重大任务。近年来，全省上下认真贯彻党中央决策部署，推动农业农村发展取得新成效。\n"
          "坚定扛起保障国家粮食安全重大责任，以更高标准建设高标准农田，为端牢中国饭碗贡献更多本省力量\n"
          "全省把粮食生产摆在突出位置，粮食总产量连续五年稳定在600亿斤以上，建成高标准农田5000万亩。\n"
          "持续深化农村改革，着力激发农业农村发展内生动力，推动城乡要素双向流动和公共资源均衡配置\n"
          "全省稳妥推进农村土地制度改革，农村集体经济收入超过10万元的村占比达到85%。\n")


def test_long_heading_lines_of_clauses_between_paragraphs_are_headings():
    tops = [heading for level, _, _, heading in _tree(SIGNED) if level == 1]
    assert [h[:8] for h in tops] == ["坚定扛起保障国家", "持续深化农村改革"]


def test_a_long_line_with_a_sentence_mark_is_running_text_not_a_heading():
    text = SIGNED.replace("为端牢中国饭碗贡献更多本省力量\n", "为端牢中国饭碗贡献更多本省力量。\n")
    tops = [heading for level, _, _, heading in _tree(text) if level == 1]
    assert not any(h.startswith("坚定扛起") for h in tops)


# --- one-sentence lines set apart under a heading --------------------------------------------------

STANDALONE = ("一季度全省经济运行情况\n" + LEAD +
              "总体平稳\n"
              "一季度全省经济运行总体平稳，主要指标好于预期，发展质量稳步提升，市场预期持续改善。\n"
              "发展韧性持续显现\n"
              "省统计局负责人表示，面对复杂严峻的外部环境，全省经济顶住压力，展现出较强韧性。\n"
              "首先看消费韧性。\n"
              "一季度，全省社会消费品零售总额同比增长5.2%，服务零售额增速快于商品零售额，假日消费亮点纷呈。\n"
              "其次看投资韧性。\n"
              "一季度，全省固定资产投资同比增长4.1%，其中制造业投资增长8.3%，重大项目开工率保持较高水平。\n")


def test_one_sentence_lines_set_apart_under_a_heading_are_its_items():
    tree = _tree(STANDALONE)
    items = [(parent, heading) for level, parent, _, heading in tree if level == 2]
    assert items == [("发展韧性持续显现", "首先看消费韧性"), ("发展韧性持续显现", "其次看投资韧性")]
    _check_invariants(STANDALONE)


def test_a_saying_set_apart_as_a_lead_in_is_no_item():
    text = STANDALONE.replace("首先看消费韧性。", "奋斗是青春最亮丽的底色。").replace(
        "其次看投资韧性。", "实干是最好的答卷。")
    assert not [heading for level, _, _, heading in _tree(text) if level == 2]


# --- clauses of one paragraph opening with the same lead word -------------------------------------

def test_clauses_opening_with_the_same_lead_word_are_items_under_a_heading():
    text = ("市住房城乡建设局召开新闻发布会\n" + LEAD +
            "住房保障持续加强\n"
            "去年全市筹集保障性租赁住房8000套，发放住房租赁补贴1.2万户，困难群众住房条件明显改善。\n"
            "城市更新取得积极进展\n"
            "去年全市完成老旧小区改造120个，惠及居民3.6万户，城市面貌持续改善。\n"
            "“今年将在三个方面持续发力。”该局负责人介绍，立足安居，加快推进保障性住房建设，扩大有效供给；"
            "立足宜居，实施完整社区建设试点，补齐配套设施短板；立足韧性，推进地下管网更新改造，提升城市安全水平。\n")
    tree = _tree(text)
    items = [(parent, kind, heading[:4]) for level, parent, kind, heading in tree if level == 2]
    assert items == [("城市更新取得积极进展", "priority", "立足安居"), ("城市更新取得积极进展", "priority", "立足宜居"),
                     ("城市更新取得积极进展", "priority", "立足韧性")]
    _check_invariants(text)


def test_clauses_opening_alike_are_the_items_of_a_release_without_headings():
    text = ("省公安厅部署开展夏季治安打击整治行动\n"
            "本报讯  省公安厅日前召开会议，部署开展夏季治安打击整治行动。\n"
            "会议要求，各地要紧盯突出问题，要突出防范风险，加强重点地区巡逻防控，提升见警率；"
            "突出打击犯罪，依法严打盗抢骗等多发性案件，形成高压态势；突出服务群众，优化窗口服务措施，解决群众急难愁盼问题。\n"
            "会议还对安全生产等工作作了安排。\n")
    tops = [(kind, heading[:4]) for level, _, kind, heading in _tree(text) if level == 1]
    assert tops == [("priority", "突出防范"), ("priority", "突出打击"), ("priority", "突出服务")]


def test_clauses_opening_with_different_words_are_no_such_items():
    text = ("省公安厅部署开展夏季治安打击整治行动\n"
            "本报讯  省公安厅日前召开会议，部署开展夏季治安打击整治行动。\n"
            "会议要求，各地要紧盯突出问题，要加强巡逻防控，提升见警率；"
            "严打多发性案件，形成高压态势；优化窗口服务措施，解决群众急难愁盼问题。\n"
            "会议还对安全生产等工作作了安排。\n")
    assert not [heading for _, _, _, heading in _tree(text) if heading and heading.startswith(("严打", "优化"))]


# --- topic paragraphs after a lead-in, a quote and a scene ----------------------------------------

LATE_RUN = ("省农业农村厅介绍春耕备耕情况\n" + LEAD +
            "夯实基础，筑牢粮食安全根基\n"
            "全省粮食播种面积稳定在8000万亩以上，连续五年保持增长，春耕备耕各项工作有序推进。\n"
            "“我们坚持藏粮于地、藏粮于技，把粮食生产摆在突出位置。”省农业农村厅厅长某某说。\n"
            "清晨，在某县的万亩示范方里，几台无人驾驶拖拉机正来回作业，农技人员在田头指导农户选种。\n"
            "农田建设更加扎实。全省新建和改造提升高标准农田300万亩，灌溉水有效利用系数提高到0.55。\n"
            "种业振兴步伐加快。全省建成国家级育制种基地12个，主要农作物良种覆盖率稳定在96%以上。\n"
            "农机装备水平提升。全省农作物耕种收综合机械化率达到75%，智能农机应用面积持续扩大。\n"
            "强化服务，保障农资供应充足\n"
            "全省已储备化肥、农药等农资200万吨，农资价格总体稳定，能够满足春耕生产需要。\n")


def test_topic_paragraphs_after_a_lead_in_quote_and_scene_are_items():
    items = [(parent[:4], kind, heading) for level, parent, kind, heading in _tree(LATE_RUN) if level == 2]
    assert items == [("夯实基础", "achievement", "农田建设更加扎实"), ("夯实基础", "achievement", "种业振兴步伐加快"),
                     ("夯实基础", "achievement", "农机装备水平提升")]
    _check_invariants(LATE_RUN)


def test_two_long_opening_sentences_of_a_story_are_no_items():
    text = LATE_RUN.replace("农田建设更加扎实。", "越来越多的年轻人正在回到乡村施展自己的本领。").replace(
        "种业振兴步伐加快。", "家门口的田野，也成了一些返乡青年创业的新天地。").replace("农机装备水平提升。", "")
    assert not [heading for level, _, _, heading in _tree(text) if level == 2]


# --- paragraphs led by a label in lenticular brackets ---------------------------------------------

LABELLED = ("稳就业政策持续发力\n" + LEAD +
            "援企稳岗，支持企业吸纳就业\n"
            "在某市一家电子厂，新入职的200名员工正在接受岗前培训，车间里一派忙碌景象。\n"
            "【举措】今年以来，全省发放一次性扩岗补助3.2亿元，向参保企业返还失业保险费12亿元，"
            "支持企业稳定岗位、扩大招聘。\n"
            "各地人社部门还组织开展“春风行动”等专项招聘活动，搭建供需对接平台。\n"
            "【成效】一季度，全省城镇新增就业28万人，同比增长3.5%，城镇调查失业率保持在5%左右。\n"
            "兜牢底线，帮扶重点群体就业\n"
            "全省为6万名困难人员提供公益性岗位托底安置，零就业家庭保持动态清零。\n")


def test_paragraphs_led_by_bracketed_labels_are_items_even_apart():
    items = [(parent[:4], heading) for level, parent, _, heading in _tree(LABELLED) if level == 2]
    assert items == [("援企稳岗", "【举措】"), ("援企稳岗", "【成效】")]
    _check_invariants(LABELLED)


def test_a_single_bracketed_label_is_no_list():
    text = LABELLED.replace("【成效】", "")
    assert not [heading for level, _, _, heading in _tree(text) if level == 2]


# --- stages of a chain as areas, and a policy document's measures ----------------------------------

STAGES = ("省医保局介绍医疗服务价格改革情况\n" + LEAD +
          "稳步推进，价格调整取得积极成效\n"
          "去年全省调整医疗服务价格项目320项，群众就医负担总体稳定，医院收入结构持续优化。\n"
          "分环节完善价格政策，支持医疗技术创新\n"
          "支持医疗技术创新是深化医疗服务价格改革的重要任务。近三年全省已有86项医疗新技术纳入收费目录，惠及患者12万人次。\n"
          "“新技术从研发到应用，每一步都需要价格政策的支持。”省医保局有关负责人说。\n"
          "方案对新技术从进入临床到广泛应用的各个环节作出安排。\n"
          "立项环节，方案提出开辟新增医疗服务价格项目绿色通道，缩短受理审核时间，支持新技术尽快进入临床。\n"
          "试行阶段，方案明确新项目可由医疗机构自主制定试行价格，试行期满后开展评估再确定正式价格。\n"
          "推广阶段，方案强调要根据技术成熟程度和应用规模动态调整价格，引导新技术合理使用。"
          "退出阶段，方案提出对临床价值不高的项目及时调整或退出收费目录。\n"
          "强化监测，维护价格秩序\n"
          "去年全省开展医疗服务价格专项检查，查处违规收费问题120个，督促退还多收费用860万元。\n")


def test_paragraphs_led_by_stages_of_a_chain_are_items_and_a_documents_measures_are_plans():
    items = [(parent[:4], kind, heading) for level, parent, kind, heading in _tree(STAGES) if level == 2]
    assert items == [("分环节完", "priority", "立项环节"), ("分环节完", "priority", "试行阶段"),
                     ("分环节完", "priority", "推广阶段"), ("分环节完", "priority", "退出阶段")]
    _check_invariants(STAGES)


def test_every_stage_or_the_present_stage_is_no_area():
    text = STAGES.replace("立项环节，", "在各个环节，").replace("试行阶段，", "在现阶段，").replace("推广阶段，", "在这一阶段，").replace(
        "退出阶段，", "下一阶段，")
    assert not [heading for level, _, _, heading in _tree(text) if level == 2]


# --- long 在…上 leads followed by the actor's 将 ---------------------------------------------------

ON_LEADS = ("省科技厅介绍科技创新工作\n" + LEAD +
            "科技实力稳步提升\n"
            "去年全省研发经费投入增长12%，高新技术企业数量突破1.5万家，技术合同成交额再创新高。\n"
            "加快建设区域科技创新中心\n"
            "作为科教资源大省，本省近年来持续推进科技体制改革，创新活力不断增强。\n"
            "在打造具有全国影响力的原始创新策源地上，全省将布局建设一批重大科技基础设施，支持高校院所开展前沿研究。\n"
            "在推动科技成果就地转化和产业化上，全省将完善中试服务体系，建设一批概念验证中心，畅通成果转化通道。\n"
            "人才队伍不断壮大\n"
            "去年全省新引进高层次科技人才2100人，培养青年科技骨干5600人，人才结构持续优化。\n")


def test_long_on_leads_are_items_and_their_actors_will_makes_them_plans():
    items = [(parent[:4], kind, heading[:6]) for level, parent, kind, heading in _tree(ON_LEADS) if level == 2]
    assert items == [("加快建设", "priority", "在打造具有全"), ("加快建设", "priority", "在推动科技成")]
    _check_invariants(ON_LEADS)
