"""Numbers in a two-level outline: areas count within their kind whatever items lie between
them (the tree and summaries show 一、二、三, not 一、五、九); items count within their area and kind."""
from desktop_app.core.parser import parse_text

TEXT = "\n".join([
    "某县2025年农业农村工作取得新成效",
    "记者日前从县农业农村局获悉，全县农业农村工作稳中有进。",
    "一、粮食生产再获丰收",
    "（一）播种面积稳定。全县粮食播种面积稳定在52万亩。",
    "（二）单产水平提高。粮食平均亩产达到486公斤，增长2.1%。",
    "（三）防灾减灾有力。全年未发生大面积绝收。",
    "二、农民收入较快增长",
    "（一）工资性收入增加。农民人均工资性收入增长7.3%。",
    "（二）经营净收入稳定。家庭经营净收入增长4.8%。",
    "三、乡村建设扎实推进",
    "全年新改建农村公路126公里，新增户用卫生厕所3100座。",
]) + "\n"


def test_areas_count_within_their_kind_and_items_within_their_area():
    sections = parse_text(TEXT).sections
    outline = [(s.level, s.number, s.heading) for s in sections if s.kind == "achievement"]
    assert outline == [
        (1, 1, "一、粮食生产再获丰收"),
        (2, 1, "（一）播种面积稳定"), (2, 2, "（二）单产水平提高"), (2, 3, "（三）防灾减灾有力"),
        (1, 2, "二、农民收入较快增长"),
        (2, 1, "（一）工资性收入增加"), (2, 2, "（二）经营净收入稳定"),
        (1, 3, "三、乡村建设扎实推进"),
    ]
