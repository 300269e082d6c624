"""The founding notice as ledger records: 中共滨州市沾化区科学技术局党组, 二届区委第二轮巡察.

Every fact of the published notice (沾化区科技局, 2023-03-29) is here as structured data. Where the
notice does not say something a ledger needs (names of offices, deadlines, which two problems are
the completed ones, who reported), the value is marked ``DEMO`` and chosen to be consistent with the
notice: e.g. the notice's counts 5 / 2 / 3 follow from two problems whose measures are all struck
off and three with long-term measures still being kept up.
"""

import datetime as dt
from dataclasses import dataclass, field

D = dt.date


@dataclass(frozen=True)
class SeedProgress:
    on: dt.date
    text: str
    precision: str = "day"  # day | month | as_of
    figures: tuple[tuple[str, int, str], ...] = ()


@dataclass(frozen=True)
class SeedMeasure:
    content: str
    kind: str  # immediate | deadline | long_term
    office: str  # DEMO: the notice names no offices
    leader: str
    deadline: dt.date | None  # DEMO: the plan's deadlines are not printed in the notice
    progress: tuple[SeedProgress, ...]
    closed_on: dt.date | None = None  # struck off (销号) on this date (DEMO)


@dataclass(frozen=True)
class SeedProblem:
    title: str
    category: str
    measures: tuple[SeedMeasure, ...]


COMMITTEE = {"name": "中共滨州市沾化区委员会", "short_name": "区委"}
INSPECTION_OFFICE = {"name": "中共滨州市沾化区委巡察工作领导小组办公室", "short_name": "区委巡察办"}
UNIT = {
    "name": "滨州市沾化区科学技术局",
    "short_name": "区科技局",
    "party_org_name": "中共滨州市沾化区科学技术局党组",
    "party_org_short": "局党组",
}
# DEMO: a sibling unit under the same committee, so that "not yours" can be shown and tested.
SIBLING_UNIT = {
    "name": "滨州市沾化区农业农村局",
    "short_name": "区农业农村局",
    "party_org_name": "中共滨州市沾化区农业农村局党组",
    "party_org_short": "局党组",
}
OFFICES = ("办公室", "农村科技股", "高新技术股", "成果转化股")  # DEMO

CONTACT = {
    "phone": "0543-8192576",
    "address": "山东省滨州市沾化区金海五路49号",
    "postcode": "256800",
    "email": "zhqkjj@bz.shandong.cn",
}

ROUND = {"name": "二届区委第二轮巡察", "term": 2, "number": 2, "year": 2022}
GROUP = {"name": "区委第三巡察组", "number": 3}
INSPECTION = {"onsite_start": D(2022, 6, 28), "onsite_end": D(2022, 8, 22), "feedback_date": D(2022, 11, 4)}

PLAN = {
    "title": "滨州市沾化区科学技术局党组关于二届区委第二轮巡察第三巡察组反馈问题的整改方案",
    "doc_number": "沾科党字〔2022〕22号",
    "issued_on": D(2022, 11, 8),
    "mechanism": "党组书记第一责任、班子成员分工负责、责任股室具体落实",
    "requirements": "立行立改、限期整改",
}

LEADER = "党组书记、局长"  # 党政主要负责人
DEPUTY = "党组成员、副局长"  # DEMO: the notice says 班子成员 without naming posts one by one

LEADING_GROUP = (
    ("leader", "党政主要负责人(党组书记、局长)"),
    ("deputy", "党组成员"),
    ("member", "责任股室人员"),
    ("office_director", "领导小组办公室(设在局办公室)"),
)

MEETINGS = (
    {
        "held_on": D(2022, 11, 8),
        "kind": "special",
        "title": "局党组巡察整改专题会议",
        "decisions": "研究制定整改方案,分解整改任务,建立整改清单,明确整改责任人、责任股室、整改时限",
        "adopted_plan": True,
    },
    {
        "held_on": D(2022, 11, 8),
        "kind": "party_group",
        "title": "党组会议",
        "decisions": "传达学习习近平总书记关于黄河流域生态保护和高质量发展座谈会重要讲话精神,"
        "研究部署黄河流域生态保护和高质量发展专项巡察反馈问题整改工作",
        "adopted_plan": False,
    },
    {
        "held_on": D(2022, 11, 16),
        "kind": "democratic_life",
        "title": "巡察整改专题民主生活会",
        "decisions": "达到了统一思想、推进整改的良好效果",
        "adopted_plan": False,
    },
    {
        "held_on": D(2023, 1, 31),
        "kind": "other",
        "title": "农业科技创新专题会议",
        "decisions": "学习贯彻沾化区“大干2023”重点工作动员大会重要精神,对2023年农业科技创新重点工作进行安排部署",
        "adopted_plan": False,
    },
)

CUTOFF = D(2023, 3, 29)

PROBLEMS: tuple[SeedProblem, ...] = (
    SeedProblem(
        title="关于学习贯彻习近平总书记关于黄河国家战略重要指示批示精神不及时不主动方面问题",
        category="政治建设",
        measures=(
            SeedMeasure(
                content="局党组严格执行“第一议题”制度和党组理论学习中心组学习制度,领导干部带头开展学习,"
                "把深入学习贯彻习近平新时代中国特色社会主义思想、党的二十大精神、习近平总书记关于黄河国家战略"
                "重要指示批示精神作为首要政治任务",
                kind="long_term",
                office="办公室",
                leader=LEADER,
                deadline=None,
                progress=(
                    SeedProgress(
                        CUTOFF,
                        "整改期间,集中召开党组理论学习中心组3次",
                        precision="as_of",
                        figures=(("党组理论学习中心组学习", 3, "次"),),
                    ),
                ),
            ),
            SeedMeasure(
                content="传达学习习近平总书记关于黄河流域生态保护和高质量发展的重要讲话精神,部署专项巡察反馈问题整改",
                kind="immediate",
                office="办公室",
                leader=LEADER,
                deadline=D(2022, 11, 30),
                progress=(
                    SeedProgress(
                        D(2022, 11, 8),
                        "召开党组会议传达学习了习近平总书记2019年9月18日在黄河流域生态保护和高质量发展座谈会上的讲话"
                        "和习近平总书记2021年10月22日在深入推动黄河流域生态保护和高质量发展座谈会上的讲话精神,"
                        "研究部署黄河流域生态保护和高质量发展专项巡察反馈问题整改工作",
                    ),
                ),
                closed_on=D(2022, 11, 30),
            ),
        ),
    ),
    SeedProblem(
        title="关于农业科技创新载体建设乏力,科技助力乡村振兴短板明显方面问题",
        category="履行职能责任",
        measures=(
            SeedMeasure(
                content="加强对农业科技创新工作重视",
                kind="long_term",
                office="农村科技股",
                leader=DEPUTY,
                deadline=None,
                progress=(
                    SeedProgress(
                        D(2023, 1, 31),
                        "召开专题会议学习贯彻沾化区“大干2023”重点工作动员大会重要精神,并对2023年农业科技创新重点工作"
                        "进行安排部署,延续引领一产的工作思路,支持鲁北洼地绵羊产业研究院、冬枣产业研究院、"
                        "水产品加工产业研究院与高校、科研院所开展对接交流,组织科技特派员深入基层开展培训,推广应用农业技术",
                    ),
                ),
            ),
            SeedMeasure(
                content="引进建设众创空间,指导企业进行科技型中小企业认定和高新技术企业申报",
                kind="deadline",
                office="高新技术股",
                leader=DEPUTY,
                deadline=D(2023, 2, 28),
                progress=(
                    SeedProgress(
                        D(2022, 12, 1),
                        "引进山东数聚公司在我区建设众创空间,指导昶昇水产、尚亿食品等企业进行科技型中小企业认定和"
                        "高新技术企业申报,推动企业科技创新水平提升,滨科汇聚众创空间入选滨州市备案众创空间(培育)名单",
                        precision="month",
                    ),
                ),
                closed_on=D(2023, 2, 28),
            ),
            SeedMeasure(
                content="发挥农业科技型企业的引领作用。组织科技特派员与企业合作,开展科技攻关和技术推广应用,"
                "不断推动企业技术进步,提升企业自主创新能力和核心竞争力,推动农业科技企业承建农业创新载体",
                kind="long_term",
                office="农村科技股",
                leader=DEPUTY,
                deadline=None,
                progress=(
                    SeedProgress(
                        CUTOFF,
                        "已组织10家企业与科技特派员合作申报农社领域科技创新政策引导计划项目",
                        precision="as_of",
                        figures=(("与科技特派员合作申报项目的企业", 10, "家"),),
                    ),
                ),
            ),
        ),
    ),
    SeedProblem(
        title="关于引导推动科技创新动力不足,支撑县域经济转型升级不够有力方面问题",
        category="履行职能责任",
        measures=(
            SeedMeasure(
                content="指导企业与高校、科研院所开展产学研合作",
                kind="deadline",
                office="成果转化股",
                leader=DEPUTY,
                deadline=D(2023, 1, 31),
                progress=(
                    SeedProgress(
                        D(2022, 12, 1),
                        "指导达民化工与山东理工大学、大荣化工与青岛科技大学、兴友新材料与滨州学院开展合作,"
                        "推动企业创新水平提升,成功获批渤海科技创新券产学研合作“揭榜挂帅”项目",
                        precision="month",
                    ),
                ),
                closed_on=D(2023, 1, 31),
            ),
            SeedMeasure(
                content="建立高新技术企业储备库",
                kind="deadline",
                office="高新技术股",
                leader=DEPUTY,
                deadline=D(2023, 2, 28),
                progress=(
                    SeedProgress(
                        D(2023, 1, 1),
                        "与工信部门、发改部门协同联动,摸排技改项目、新能源企业,建立优质后备高新技术企业储备库,"
                        "截止目前,已储备企业40家",
                        precision="month",
                        figures=(("储备库企业", 40, "家"),),
                    ),
                ),
                closed_on=D(2023, 2, 28),
            ),
            SeedMeasure(
                content="开展政策宣传、认定培训及跟踪服务等各项工作,引导具有自主知识产权和高新技术产品(服务)的企业"
                "申报高新技术企业",
                kind="long_term",
                office="高新技术股",
                leader=DEPUTY,
                deadline=None,
                progress=(
                    SeedProgress(
                        CUTOFF,
                        "2022年度认定高新技术企业14家,新增12家,高新技术企业总量达到32家,科技型中小企业备案入库93家",
                        precision="as_of",
                        figures=(
                            ("2022年度认定高新技术企业", 14, "家"),
                            ("新增高新技术企业", 12, "家"),
                            ("高新技术企业总量", 32, "家"),
                            ("科技型中小企业备案入库", 93, "家"),
                        ),
                    ),
                ),
            ),
        ),
    ),
    SeedProblem(
        title="关于工作作风不够扎实,指导服务科技项目用力不足方面问题",
        category="作风建设",
        measures=(
            SeedMeasure(
                content="优化科技服务模式",
                kind="deadline",
                office="成果转化股",
                leader=DEPUTY,
                deadline=D(2023, 1, 31),
                progress=(
                    SeedProgress(
                        D(2022, 11, 1),
                        "达民化工、大荣化工2家企业成功入选山东省科技型中小企业能力提升工程(第二批),区科技局健全完善"
                        "科技服务工作机制,第一时间通过走访、电话咨询等形式,向企业介绍相关项目监管政策,对该项目进行"
                        "跟踪指导,确保项目顺利实施",
                        precision="month",
                        figures=(("入选能力提升工程企业", 2, "家"),),
                    ),
                ),
                closed_on=D(2023, 1, 31),
            ),
            SeedMeasure(
                content="对正在进行的科技成果转化项目进行梳理",
                kind="deadline",
                office="成果转化股",
                leader=DEPUTY,
                deadline=D(2023, 3, 31),
                progress=(
                    SeedProgress(
                        D(2023, 3, 20),
                        "对产学研协同创新补助的8个项目建立成果转化清单,跟踪成果转化成效,其中7个项目顺利转化,"
                        "“超大孔催化剂载体技术开发”项目试生产效果不理想,达不到企业技术需求",
                        precision="as_of",
                        figures=(("产学研协同创新补助项目", 8, "个"), ("顺利转化项目", 7, "个")),
                    ),
                ),
                closed_on=D(2023, 3, 28),
            ),
        ),
    ),
    SeedProblem(
        title="关于落实区委工作部署和上级检查反馈问题整改不深入不细致方面问题",
        category="落实整改",
        measures=(
            SeedMeasure(
                content="强化党组责任,对科技项目监管问题深入研究,明确监管措施、责任人",
                kind="deadline",
                office="成果转化股",
                leader=LEADER,
                deadline=D(2022, 12, 31),
                progress=(
                    SeedProgress(
                        D(2022, 11, 1),
                        "对申报渤海科技创新券产学研合作“揭榜挂帅”项目开展实地走访调查,了解企业研发情况,"
                        "考察企业实验室、研发楼,切实履行项目申报前核实责任",
                        precision="month",
                    ),
                ),
                closed_on=D(2022, 12, 31),
            ),
            SeedMeasure(
                content="细化黄河流域生态保护和高质量发展工作方案",
                kind="deadline",
                office="办公室",
                leader=LEADER,
                deadline=D(2023, 3, 31),
                progress=(
                    SeedProgress(
                        D(2023, 3, 20),
                        "根据市科技局、区委关于黄河流域生态保护和高质量发展工作方案细化了《沾化区科技局黄河流域生态保护"
                        "和高质量发展工作方案》,明确工作任务,细化工作措施",
                        precision="as_of",
                    ),
                ),
                closed_on=D(2023, 3, 28),
            ),
        ),
    ),
)

NOTICE = {
    "cutoff_date": CUTOFF,
    "signed_on": D(2023, 3, 29),
    "published_on": D(2023, 4, 2),
    "effectiveness": "按照区委第三巡察组反馈意见和整改工作要求,局党组坚持系统思维,统筹结合、一体推进,既在整改中接受教育,"
    "又在整改中提升能力,放下思想包袱,打消顾虑,真正做到以整改促工作、以工作成效巩固整改成果,"
    "整改过程提高了领导班子凝聚力、战斗力、创造力。",
    "outlook_intro": "通过对巡察问题的整改,区科技局充分认识到与全面从严治党要求和贯彻落实上级对科技创新工作高标准、"
    "严要求相比还存在着差距,需要常抓不懈、久久为功。局党组将以此次巡察整改为契机,进一步增强管党治党意识,"
    "落实管党治党责任,坚持目标不变、标准不降、力度不减,切实以“严”的精神、“实”的作风和驰而不息的韧劲,"
    "加强党的领导,增强党的建设,落实全面从严治党主体责任,坚持把纪律和规矩挺在前面,把整改融入日常工作常抓不懈,"
    "立足长远巩固整改成效,切实把整改成果转化体现到各项实际工作中,推动科技创新事业迈上新台阶。",
    "outlook_items": (
        (
            "提高政治站位,深入学习贯彻黄河国家战略决策部署。",
            "强化问题导向,局党组将对照巡察反馈意见,深刻反思存在的问题,牢固树立“四个意识”,进一步强化全面从严治党的"
            "政治意识、大局意识和责任意识,在武装头脑、指导实践、推动工作上狠下功夫。深入学习贯彻习近平总书记关于黄河"
            "流域生态保护和高质量发展的重要讲话、重要指示批示精神,切实把思想和行动统一到中央精神和省市区委要求上来。"
            "坚决扛牢落实黄河国家战略的政治责任,强化使命担当,加强组织领导,健全工作机制。要牢牢树立“走在前”理念,"
            "理清工作思路,全方位提升工作水平和工作质量。",
        ),
        (
            "坚持常抓不懈,确保反馈意见件件落实到位。",
            "局党组将继续坚持目标不变、力度不减,紧扣巡察组反馈意见,持续推进整改,确保高标准、高质量全面完成整改任务。"
            "对已完成的整改事项,认真开展“回头看”,巩固已有成效,防止问题反弹;对长期整改任务,强化措施、夯实责任,"
            "确保问题整改不留死角、全部到位。同时,主动接受监督,确保巡察整改成效经得起实践和群众的检验。",
        ),
        (
            "坚持长效机制,确保整改落实取得实效。",
            "聚焦制度漏洞,健全科技创新体制机制,对不科学不健全的制度,进一步规范完善,对巡察整改工作中建立的各项制度,"
            "从严从实从细抓好落实,坚决把制度执行到人、落实到事,确保各项制度真正发挥作用。聚焦巡察整改工作中发现的"
            "科技创新难点问题和短板弱项,全局上下将团结一心,切实增强狠抓落实本领,以真抓得实劲、敢抓得狠劲、善抓得巧劲、"
            "常抓得韧劲,一个问题一个问题破解,一个难关一个难关攻坚,确保把巡察整改工作抓出实效、抓出长效,努力推动巡察"
            "整改成果充分转化为实实在在的科技工作成效,推动全区科技创新事业迈上新台阶、实现新发展,为实现黄河流域生态保护"
            "和高质量发展提供有力的组织保障和科技支撑。",
        ),
    ),
    "closing": "欢迎广大干部群众对巡察整改进展情况进行监督。如有意见建议,请及时向我们反映。",
}

# DEMO log-ins, one per role, printed by `zhenggai demo`.
DEMO_PASSWORD = "zhenggai-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    display: str
    role: str
    unit: str  # committee | inspection_office | unit | sibling | office:<name>
    title: str = ""
    first_responsible: bool = False
    extra: dict = field(default_factory=dict)


DEMO_USERS = (
    DemoUser("xunchaban", "区委巡察办督查员", "inspection_office", "inspection_office", "督查员"),
    DemoUser("leader", "局党组书记、局长", "unit_leader", "unit", LEADER, first_responsible=True),
    DemoUser("deputy", "党组成员、副局长", "unit_leader", "unit", DEPUTY),
    DemoUser("liaison", "整改联络员", "unit_liaison", "unit", "办公室整改联络员"),
    DemoUser("clerk", "高新技术股经办人", "office_clerk", "office:高新技术股", "经办人"),
    DemoUser("outsider", "区农业农村局联络员", "unit_liaison", "sibling", "整改联络员"),
    DemoUser("group3", "区委第三巡察组组员", "inspection_group", "committee", "巡察组组员"),
)

# DEMO: e-mail addresses for the reminder digests, on the reserved .example domain (RFC 2606).
DEMO_EMAILS = {
    "xunchaban": "xunchaban@xcb.zhanhua.example",
    "leader": "leader@kjj.zhanhua.example",
    "deputy": "deputy@kjj.zhanhua.example",
    "liaison": "liaison@kjj.zhanhua.example",
    "clerk": "clerk@kjj.zhanhua.example",
    "outsider": "outsider@nyncj.zhanhua.example",
    "group3": "group3@xcz.zhanhua.example",
}
