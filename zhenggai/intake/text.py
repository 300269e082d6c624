"""Text normalisation: widths, whitespace, Traditional → Simplified, pinyin artefacts, sentences.

`normalise(raw)` returns the text every span of a ParsedNotice points into.
"""

from __future__ import annotations

import re

from zhenggai.core.text import xml_safe

# Traditional → Simplified for the characters this genre uses. Only characters that are *not*
# themselves standard Simplified characters are listed, so the table never damages Simplified text.
_T2S_PAIRS = (
    "黨党組组織织關关於于視视審审計计衛卫衞卫員员會会議议開开問问題题進进應应對对個个為为爲为與与從从來来"
    "時时間间將将導导領领條条項项們们紀纪監监務务產产業业發发現现實实際际據据經经濟济區区縣县鄉乡鎮镇"
    "級级屆届輪轮饋馈見见幹干傳传達达學学習习貫贯徹彻總总書书記记強强調调動动設设規规範范層层統统籌筹"
    "協协體体係系號号報报聯联絡络郵邮電电話话網网點点擊击閱阅讀读數数況况態态廣广東东寧宁華华國国黃黄"
    "簡简稱称單单辦办營营環环歷历優优勢势嚴严肅肃風风潔洁敗败懲惩處处罰罚責责擔担當当決决舉举績绩評评"
    "價价檢检驗验證证資资財财預预執执稅税費费銀银錢钱額额萬万億亿專专補补購购買买採采構构機机團团隊队"
    "結结歸归雙双邊边難难險险護护讓让認认識识論论講讲詳详細细節节線线終终長长張张陳陈劉刘楊杨趙赵吳吴"
    "麗丽婦妇兒儿興兴戶户眾众衆众後后裡里裏里並并盡尽壓压夠够奮奋寫写屬属崗岗幫帮帶带師师廳厅復复懷怀"
    "憑凭擁拥擬拟斷断術术極极標标樣样樹树檔档權权氣气沒没測测滿满災灾無无獎奖獨独獲获畢毕療疗確确礎础"
    "積积穩稳種种競竞簽签糧粮約约純纯絕绝給给綜综緊紧維维編编練练繼继續续義义職职聽听脫脱臨临舊旧藝艺"
    "裝装製制親亲覺觉觀观訂订討讨訓训許许訪访試试該该誌志語语誠诚誤误說说課课談谈請请諾诺謀谋變变負负"
    "貢贡貧贫貸贷貿贸質质賽赛轉转軍军較较載载輔辅輕轻輸输農农適适選选遺遗醫医釋释針针錯错門门閉闭閒闲"
    "陸陆陽阳階阶隨随隱隐雖虽雜杂靈灵靜静響响頁页順顺須须頻频類类顧顾顯显飛飞養养餘余館馆驅驱魚鱼齊齐"
    "龍龙參参啟启圍围園园圖图場场壯壮夢梦愛爱慮虑憂忧懇恳戲戏掃扫掛挂揚扬換换損损擺摆攝摄暫暂棄弃榮荣"
    "樂乐樓楼滅灭濱滨熱热燒烧牽牵狀状獻献畝亩異异礦矿碼码紛纷紹绍緣缘縱纵聖圣聞闻聲声膽胆莊庄葉叶蓋盖"
    "薦荐藥药虛虚衝冲襲袭覽览觸触託托訊讯訴诉診诊詢询諮咨謹谨讚赞豐丰貪贪貼贴賀贺賦赋賴赖贏赢躍跃輯辑"
    "輿舆辯辩邁迈鑒鉴鑑鉴閩闽闖闯頒颁頭头顆颗飯饭驚惊鬆松週周陝陕雲云儘尽傑杰償偿儲储僅仅側侧倉仓倫伦"
    "備备傷伤價价儀仪債债傾倾勞劳勝胜勵励勸劝賣卖壞坏囑嘱奪夺嬰婴寬宽寶宝尋寻嶺岭峽峡帳帐幣币廟庙廠厂"
    "廢废彎弯彙汇徑径徵征惱恼悅悦懸悬戀恋戰战拋抛捨舍捲卷揀拣搖摇擇择擋挡擠挤擴扩擾扰攔拦攜携敘叙敵敌"
    "斬斩曆历曉晓棟栋櫃柜欄栏歡欢歐欧殺杀毀毁漿浆潛潜澀涩濁浊濕湿濤涛灘滩燦灿爐炉犧牺獄狱環环畫画盞盏"
    "盧卢礙碍禍祸窪洼竊窃篩筛簾帘籠笼糾纠紐纽紡纺紋纹絞绞綠绿緩缓締缔縫缝縮缩繳缴罷罢羅罗聰聪脅胁腎肾"
    "膠胶艙舱蕩荡藍蓝蘆芦蘋苹蠶蚕褲裤覓觅詐诈誕诞誘诱謠谣譴谴豎竖貶贬販贩貴贵賊贼賤贱賭赌贓赃趨趋跡迹"
    "軌轨軒轩輛辆輝辉輩辈轎轿轟轰辭辞遜逊遞递遙遥遷迁還还邏逻鄭郑醜丑釘钉鈴铃鉛铅銅铜銘铭鋒锋鋪铺錦锦"
    "鍋锅鍵键鎖锁鏈链鐘钟閘闸闆板隴陇霧雾韋韦頃顷頓顿頗颇顛颠颱台饑饥馬马駐驻駕驾騎骑騙骗騰腾髒脏鬧闹"
    "鴻鸿鵬鹏麼么齋斋龐庞廬庐雞鸡鳥鸟鹽盐麥麦齡龄陣阵陰阴閣阁闊阔闡阐隻只麵面鬥斗彥彦恆恒惡恶斂敛晉晋"
    "槍枪橫横歎叹潤润澤泽濃浓灣湾烏乌煙烟燈灯牆墙盜盗盤盘禮礼窮穷筆笔築筑絲丝綱纲臺台蘭兰蟲虫訛讹謝谢"
    "譯译詞词詩诗諸诸譜谱貝贝賓宾賞赏賠赔賢贤賬账購购贈赠贊赞趕赶踐践車车軟软轄辖迴回遠远遲迟鄰邻鈔钞"
    "鍛锻鏡镜閃闪陳陈頂顶願愿顏颜髮发導导幾几紅红藍蓝鐵铁鋼钢錄录細细範范飾饰鋁铝鑰钥鑽钻鐵铁鉤钩"
    "質质訊讯識识譽誉讀读韻韵頌颂領领鎊镑鑄铸鍍镀錶表鋸锯鋤锄喬乔嚴严嘗尝噸吨圓圆塊块塵尘墜坠墮堕壇坛"
    "壽寿夥伙奧奥婁娄孫孙寢寝層层屢屡嶽岳庫库廂厢廁厕彈弹徹彻憲宪懶懒懼惧撥拨撫抚擊击擔担據据擬拟"
    "數数斃毙暢畅東东杠杠條条棧栈楊杨業业榮荣構构槳桨標标樁桩橋桥檢检櫥橱歸归氣气沖冲漢汉潑泼淚泪"
    "淺浅溝沟滬沪滲渗漁渔澆浇瀋沈灑洒無无爭争爾尔牘牍犢犊猶犹獅狮瑪玛瑣琐環环甕瓮產产畢毕畫画當当疊叠"
    "瘡疮癢痒發发盃杯碩硕禦御禪禅稈秆稟禀穌稣窩窝竄窜箏筝簫箫籃篮粵粤糞粪紮扎綁绑綫线緒绪織织繩绳繪绘"
    "羨羡翹翘聳耸腦脑膚肤臉脸艦舰莖茎蒞莅蓮莲薩萨蘇苏虧亏蟬蝉補补襪袜覆覆觀观訝讶詠咏誦诵諒谅諫谏謁谒"
    "謂谓謄誊謊谎謎谜譚谭讒谗豬猪貓猫貞贞賒赊賦赋賺赚購购趙赵踴踊躪躏輻辐轉转辦办邁迈醞酝釀酿鑒鉴閥阀"
    "閻阎陽阳雛雏靂雳韌韧韓韩頸颈頰颊顫颤飲饮馭驭驟骤鵝鹅齒齿衹只祇只註注併并檯台嚮向匯汇薑姜"
)
T2S: dict[str, str] = {}
for _i in range(0, len(_T2S_PAIRS) - 1, 2):
    _t, _s = _T2S_PAIRS[_i], _T2S_PAIRS[_i + 1]
    if _t != _s:
        T2S[_t] = _s
_T2S_TABLE = str.maketrans(T2S)

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(
    map(ord, "\u3000\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\t\x0b\x0c"), " "
)

# Pinyin in brackets after a character, a mirror site's artefact: 統(tǒng), 現(xiàn). Needs a tone mark or ü.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_RE = re.compile(r"\((?=[a-zü" + _TONED + r"]{1,7}\))[a-z]*[ü" + _TONED + r"][a-zü" + _TONED + r"]*\)")

_HEADING_SPLIT_RE = re.compile(
    r" +(?=(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}\.(?!\d))\S)"
    # a flattened page without spaces: a marker right after a sentence's end
    r"|(?<=[。;])(?=(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}\.(?!\d))\S)"
    # …or right after a section heading's last word: 二、巡察反馈问题整改落实情况(一)在…方面
    r"|(?<=情况|方面|问题)(?=\([一二三四五六七八九十]{1,3}\)\S)"
)
# a group heading run together with its first problem: (一)在落实主体责任方面1.党组…
_GROUP_RUN_ON_RE = re.compile(
    r"^(?P<g>(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\))[^。\n]{2,60}?(?:方面|问题))"
    r"(?=(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\))\S)"
)

HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def fold_width(text: str) -> str:
    """Full-width ASCII (，：；（）０-９Ａ-Ｚ＠) → ASCII; keeps 、。“”《》〔〕 as they are."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)


def looks_traditional(text: str) -> bool:
    """True when enough Traditional-only characters occur to convert the whole text."""
    n = sum(1 for c in text if c in T2S)
    if n == 0:
        return False
    han = len(HAN_RE.findall(text)) or 1
    return n >= 8 or n / han >= 0.02


def to_simplified(text: str) -> str:
    return text.translate(_T2S_TABLE)


def strip_pinyin(text: str) -> str:
    return _PINYIN_RE.sub("", text)


def normalise(raw: str) -> str:
    """The normalised text a ParsedNotice refers to.

    Characters XML cannot carry taken out (``core.text``: the draft's texts become ledger records
    and documents), widths folded, zero-width characters dropped, odd spaces made plain, pinyin artefacts removed,
    Traditional converted when the text is Traditional, lines stripped, blank lines dropped, and
    very long flattened lines split before section markers (“ 一、”, “ (一)”).
    """
    if not raw:
        return ""
    text = xml_safe(raw).translate(_ZERO_WIDTH).replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    text = fold_width(text)
    text = strip_pinyin(text)
    if looks_traditional(text):
        text = to_simplified(text)
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in _HEADING_SPLIT_RE.split(line)] if len(line) > 200 else [line]
        for part in parts:
            run_on = _GROUP_RUN_ON_RE.match(part)
            if run_on:
                lines.extend((run_on.group("g"), part[run_on.end() :]))
            elif part:
                lines.append(part)
    return "\n".join(lines)


_KEY_DROP_RE = re.compile(r"[\W_]+")


def compare_key(text: str | None) -> str:
    """Comparison form: whitespace and punctuation removed, widths folded, Simplified, lower case."""
    if text is None:
        return ""
    return _KEY_DROP_RE.sub("", to_simplified(fold_width(text))).lower()


# ---------------------------------------------------------------- sentences and lines

_OPEN = {"“": "”", "《": "》", "(": ")", "「": "」", "『": "』", "<": ">", "〈": "〉"}
_CLOSE = {v: k for k, v in _OPEN.items()}
SENT_END = frozenset("。!?\n")
CLAUSE_END = frozenset("。!?\n,;:、")


def _split(text: str, start: int, end: int, enders: frozenset[str]) -> list[tuple[int, int]]:
    """Spans of pieces of text[start:end] ending at an ender outside brackets and quotes."""
    spans = []
    depth = 0
    stack: list[str] = []
    s = start
    for i in range(start, end):
        c = text[i]
        if c in _OPEN and c != "<":
            stack.append(_OPEN[c])
            depth += 1
            if depth > 6:  # damaged text: forget the brackets rather than swallow the rest
                stack.clear()
                depth = 0
        elif stack and c == stack[-1]:
            stack.pop()
            depth -= 1
        if c == "\n":
            stack.clear()
            depth = 0
        if c in enders and (depth == 0 or c == "\n"):
            if c == "\n":
                if i > s:
                    spans.append((s, i))
            else:
                spans.append((s, i + 1))
            s = i + 1
    if end > s:
        spans.append((s, end))
    return spans


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences (ending in 。!? or a line break), quote- and bracket-aware."""
    return _split(text, start, len(text) if end is None else end, SENT_END)


def clause_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Clauses (ending in , ; : 、 as well as sentence ends), quote- and bracket-aware."""
    return _split(text, start, len(text) if end is None else end, CLAUSE_END)


def line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """Span of the sentence holding `offset` (plain 。!?/line-break split, no bracket awareness)."""
    offset = max(0, min(offset, len(text)))
    s = offset
    floor = max(0, offset - 2000)  # bounded: a text without stops must not make this quadratic
    while s > floor and text[s - 1] not in "。!?\n":
        s -= 1
    e = offset
    ceil = min(len(text), offset + 2000)
    while e < ceil and text[e] not in "。!?\n":
        e += 1
    if e < len(text) and text[e] != "\n":
        e += 1
    return s, e


class SentenceIndex:
    """sentence_at() for many offsets of one text, by bisection over the sentence stops."""

    _STOP_RE = re.compile(r"[。!?\n]")

    def __init__(self, text: str) -> None:
        self.text = text
        self.stops = [m.start() for m in self._STOP_RE.finditer(text)]

    def at(self, offset: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_left(self.stops, offset)
        start = self.stops[i - 1] + 1 if i > 0 else 0
        if i < len(self.stops):
            stop = self.stops[i]
            end = stop if self.text[stop] == "\n" else stop + 1
        else:
            end = len(self.text)
        return start, end
