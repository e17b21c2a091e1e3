"""Hand-made Korean ↔ English terms of semiconductor back-end MCE that the HSK names do not teach.

Besides the bridge's translations, the glossary's Korean words and ``WORDS`` are the analyzer's user dictionary
(``dictionary_words``): kiwi keeps each of them whole in every sentence.
"""

import re

GLOSSARY: list[tuple[str, str]] = [
    ("웨이퍼", "wafer"), ("링 프레임", "ring frame"), ("콜렛", "collet"), ("마그네틱", "magnetic"), ("자석", "magnet"),
    ("희토류", "rare earth"), ("소켓", "socket"), ("프로브 카드", "probe card"), ("핸들러", "handler"),
    ("정렬", "alignment"), ("컨디셔너", "conditioner"), ("슬러리", "slurry"), ("전구체", "precursor"),
    ("특수가스", "specialty gas"), ("포토레지스트", "photoresist"), ("감광액", "photoresist"), ("귀금속", "precious metal"),
    ("회수", "recovery"), ("재활용", "recycling"), ("방열", "heat dissipation"), ("스페이서", "spacer"),
    ("열계면소재", "thermal interface material"), ("비정질", "amorphous"), ("레이저", "laser"), ("다이싱", "dicing"),
    ("접합", "bonding"), ("본딩", "bonding"), ("본더", "bonder"), ("마킹", "marking"), ("플립칩", "flip chip"),
    ("이미지센서", "image sensor"), ("리드프레임", "lead frame"), ("전력반도체", "power semiconductor"),
    ("양면냉각", "double-sided cooling"), ("금형", "mold"), ("몰드", "mold"), ("소결", "sintering"),
    ("페이스트", "paste"), ("열압착", "thermo-compression"), ("언더필", "underfill"), ("몰딩 컴파운드", "molding compound"),
    ("솔더볼", "solder ball"), ("세라믹", "ceramic"), ("쿼츠", "quartz"), ("석영", "quartz"), ("정전척", "electrostatic chuck"),
    ("다이 본더", "die bonder"), ("리플로우", "reflow"), ("오븐", "oven"), ("검사기", "inspection system"),
    ("캐리어 테이프", "carrier tape"), ("패키징", "packaging"), ("패키지", "package"), ("후공정", "back-end"),
    ("반도체", "semiconductor"), ("장비", "equipment"), ("부품", "component"), ("소재", "material"), ("국산화", "localization"),
    ("테스트", "test"), ("검사", "inspection"), ("경량", "lightweight"), ("경량화", "weight reduction"), ("패드", "pad"),
    ("다이아몬드", "diamond"), ("연마", "polishing"), ("식각", "etching"), ("증착", "deposition"), ("세정", "cleaning"),
    ("충진재", "underfill"), ("충진 수지", "underfill resin"), ("모세관", "capillary"), ("멀티소켓", "multi-socket"),
    ("자동 정렬", "automatic alignment"), ("외관 검사", "visual inspection"), ("무연", "lead-free"), ("솔더", "solder"),
    ("범프", "bump"), ("픽업", "pick-up"), ("포고핀", "pogo pin"), ("펌프아웃", "pump-out"), ("칩핑", "chipping"),
    ("무가압", "pressureless"), ("적층", "stacking"), ("팬아웃", "fan-out"), ("진구도", "sphericity"), ("디싱", "dishing"),
    ("평탄화", "planarization"), ("스퍼터링 타깃", "sputtering target"), ("딥러닝", "deep-learning"),
]  # fmt: skip

# Back-end words kiwi splits in some sentences, kept whole without a glossary translation (one Korean word for a
# phrase: "low" would translate to 저점도).
WORDS: list[str] = ["저점도", "저휨", "마킹기", "무산소동"]

_KOREAN_WORD = re.compile(r"^[\uac00-\ud7a3]{2,}$")


def dictionary_words() -> list[str]:
    """The glossary's Korean words and ``WORDS`` (Hangul, two syllables or more), once each, in order."""
    words = [*(w for ko, _en in GLOSSARY for w in ko.split()), *WORDS]
    return list(dict.fromkeys(w for w in words if _KOREAN_WORD.match(w)))
