"""One short news article per language, each on its own subject, with the words the search
tests look for (and words none of them has: no article says "and", "or", "near" or "title").
Keyed by the ISO 639-1 code py3langid gives it."""

from __future__ import annotations

ARTICLES = {
    "ja": ("子ども食堂が全国に広がる", "地域の大人たちが、子どもたちに温かい食事を無料で提供する"
           "子ども食堂が全国で増えている。運営は寄付とボランティアに支えられている。"),
    "zh": ("北京地铁将延长", "北京市政府宣布新的公共交通计划，地铁线路将在明年延长到郊区。"
           "市民对这个计划表示欢迎。"),
    "ko": ("서울 지하철 노선 확장", "서울시는 새로운 대중교통 계획을 발표했다. 지하철 노선이 "
           "외곽까지 확장되며 시민들은 이 계획을 환영했다."),
    "de": ("Fahrplanwechsel verschoben", "Die Bahn verschiebt den Fahrplanwechsel in München "
           "wegen Bauarbeiten an den Gleisen. Die Fahrgäste müssen sich auf längere Wartezeiten "
           "einstellen, teilte das Unternehmen mit."),
    "fr": ("Réforme des retraites", "Le gouvernement présente la réforme des retraites avant "
           "les élections nationales. Les syndicats de l'Assemblée appellent à une nouvelle "
           "journée de grève la semaine prochaine."),
    "es": ("Nueva biblioteca en Sevilla", "El ayuntamiento de Sevilla inaugura una biblioteca "
           "pública con miles de libros. Los vecinos del barrio celebraron la apertura durante "
           "todo el fin de semana."),
    "en": ("Ferries delayed by storms", "The ferries to the islands were delayed again by "
           "storms this week; the united nations envoy met critics of Bashar al-Assad in the "
           "harbour town."),
}  # fmt: skip

# (query, the language of the one article it must find)
FINDS = [
    ("子ども", "ja"), ("子", "ja"), ("食堂", "ja"), ("子ども食堂", "ja"), ("ボランティア", "ja"),
    ('"子どもたちに温かい"', "ja"),
    ("地铁", "zh"), ("公共交通计划", "zh"), ("北京", "zh"), ("郊区", "zh"),
    ("지하철", "ko"), ("서울", "ko"), ("대중교통", "ko"), ("교통 계획", "ko"),
    ("Fahrplanwechsel", "de"), ("munchen", "de"), ("München Gleisen", "de"),
    ("réforme", "fr"), ("reforme retraites", "fr"), ("elections nationales", "fr"),
    ("biblioteca", "es"), ("publica", "es"), ("Sevilla libros", "es"),
    ("ferry", "en"), ("storm", "en"), ("nation", "en"), ("al-Assad", "en"), ('"al-Assad"', "en"),
]  # fmt: skip

# Queries no article answers.
FINDS_NOTHING = [
    "子供",  # another spelling of 子ども: not in the text
    "地下鉄",  # Japanese for subway: the Chinese and Korean articles say it otherwise
    "猫",  # not a character of any article
    "nationales nation",  # nation (English) is stemmed, the French word is not
    "libro",  # Spanish is not Porter-stemmed: libros is not libro
    "bahnen",
]
