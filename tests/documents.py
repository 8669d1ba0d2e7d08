"""Source files the format tests write themselves: web pages, PDFs and Word files in Russian,
Japanese, Thai and English, from text written for these tests (nothing copied).

Each language has an article: a title, an author, a date, two sections of paragraphs.  The
web pages wrap it in the furniture real pages have (navigation, a cookie banner, a sidebar,
a footer), listed in ``BOILERPLATE`` so tests can check none of it becomes a passage.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    lang: str
    title: str
    author: str  # as a byline gives it
    date: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, paragraphs)
    items: tuple[str, ...]  # a bulleted list in the first section


ARTICLES = {
    "ru": Article(
        "ru", "Учения ОДКБ в Казахстане", "Иванов, Иван", "2024-05-01",
        (("Цели учений", (
            "Организация Договора о коллективной безопасности провела совместные учения миротворческих сил "
            "в Алматинской области. В них участвовали подразделения пяти государств.",
            "Генеральный секретарь отметил, что учения повысили слаженность штабов и готовность сил "
            "коллективного реагирования.",
        )), ("Итоги", (
            "Министры обороны договорились провести следующие учения осенью в Беларуси.",
            "Армения не направила своих военнослужащих, что эксперты связывают с ухудшением отношений.",
        ))),
        ("Первый этап: командно-штабные учения", "Второй этап: практические действия войск"),
    ),
    "ja": Article(
        "ja", "CSTOの合同演習について", "山田 太郎", "2024-06-15",
        (("演習の目的", (
            "集団安全保障条約機構は、カザフスタンで平和維持部隊の合同演習を実施した。五か国の部隊が参加した。",
            "事務局長は、演習によって司令部の連携と集団即応部隊の準備態勢が向上したと述べた。",
        )), ("今後の見通し", (
            "国防相らは、次回の演習を秋にベラルーシで行うことで合意した。",
            "アルメニアが部隊を派遣しなかったことについて、専門家は関係の悪化を指摘している。",
        ))),
        ("第一段階：指揮所演習", "第二段階：実動演習"),
    ),
    "th": Article(
        "th", "การฝึกซ้อมร่วมของ CSTO ในคาซัคสถาน", "สมชาย ใจดี", "2024-07-20",
        (("วัตถุประสงค์ของการฝึก", (
            "องค์การสนธิสัญญาความมั่นคงร่วมได้จัดการฝึกซ้อมร่วมของกองกำลังรักษาสันติภาพในภูมิภาคอัลมาตี "
            "โดยมีหน่วยทหารจากห้าประเทศเข้าร่วม",
            "เลขาธิการกล่าวว่าการฝึกครั้งนี้ช่วยเพิ่มความพร้อมของกองกำลังตอบโต้ร่วมอย่างรวดเร็ว",
        )), ("ผลการฝึก", (
            "รัฐมนตรีกลาโหมตกลงที่จะจัดการฝึกครั้งต่อไปในเบลารุสในฤดูใบไม้ร่วง",
            "อาร์เมเนียไม่ได้ส่งทหารเข้าร่วม ซึ่งผู้เชี่ยวชาญมองว่าเป็นผลจากความสัมพันธ์ที่เสื่อมลง",
        ))),
        ("ขั้นที่หนึ่ง การฝึกกองบัญชาการ", "ขั้นที่สอง การฝึกภาคสนาม"),
    ),
    "en": Article(
        "en", "CSTO exercises in Kazakhstan", "Smith, Jane", "2024-08-30",
        (("Aims of the exercises", (
            "The Collective Security Treaty Organization held joint peacekeeping exercises in the Almaty "
            "region. Units from five member states took part.",
            "The Secretary General said the exercises had improved the coordination of staffs and the "
            "readiness of the collective rapid reaction forces.",
        )), ("Outcome", (
            "Defence ministers agreed to hold the next exercises in Belarus in the autumn.",
            "Armenia sent no troops, which experts attribute to worsening relations.",
        ))),
        ("Stage one: command post exercise", "Stage two: field exercise"),
    ),
}

#: Page furniture every test page carries, per language: none of it may become a passage.
BOILERPLATE = {
    "ru": ("Главная", "Новости", "О нас", "Мы используем файлы cookie", "Принять",
           "Похожие материалы", "Саммит ШОС в Астане", "© 2024 Институт безопасности. Все права защищены",
           "Политика конфиденциальности"),
    "ja": ("ホーム", "ニュース", "研究所について", "当サイトはクッキーを使用しています", "同意する",
           "関連記事", "上海協力機構の首脳会議", "© 2024 国際安全保障研究所 無断転載を禁じます", "プライバシーポリシー"),
    "th": ("หน้าแรก", "ข่าว", "เกี่ยวกับเรา", "เว็บไซต์นี้ใช้คุกกี้", "ยอมรับ",
           "บทความที่เกี่ยวข้อง", "การประชุมสุดยอด SCO", "© 2024 สถาบันความมั่นคง สงวนลิขสิทธิ์",
           "นโยบายความเป็นส่วนตัว"),
    "en": ("Home", "News", "About us", "This site uses cookies", "Accept",
           "Related articles", "SCO summit in Astana", "© 2024 Security Institute. All rights reserved",
           "Privacy policy"),
}
SITE = {"ru": "Институт безопасности", "ja": "国際安全保障研究所", "th": "สถาบันความมั่นคง", "en": "Security Institute"}


def html_page(article: Article, url: str = "https://example.org/article", charset: str = "utf-8") -> str:
    """A saved news page: the article inside navigation, a cookie banner, a sidebar and a footer;
    its title, author, date and site in ``<title>``, meta, Open Graph and JSON-LD."""
    e = html.escape
    nav, news, about, cookie, accept, related, other, copyright_, privacy = BOILERPLATE[article.lang]
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                     "author": {"@type": "Person", "name": article.author}, "datePublished": article.date,
                     "publisher": {"@type": "Organization", "name": SITE[article.lang]}}, ensure_ascii=False)
    body = []
    for n, (heading, paragraphs) in enumerate(article.sections):
        body.append(f"<h2>{e(heading)}</h2>")
        for p in paragraphs:
            words = p.split(" ")
            half = len(words) // 2
            body.append(f"<p>{e(' '.join(words[:half]))}\n{e(' '.join(words[half:]))}</p>" if half else f"<p>{e(p)}</p>")
        if n == 0:
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in article.items) + "</ul>")
    return f"""<!DOCTYPE html>
<html lang="{article.lang}">
<head>
<meta charset="{charset}">
<title>{e(article.title)} | {e(SITE[article.lang])}</title>
<meta name="author" content="{e(article.author)}">
<meta property="og:title" content="{e(article.title)}">
<meta property="og:site_name" content="{e(SITE[article.lang])}">
<meta property="og:url" content="{e(url)}">
<link rel="canonical" href="{e(url)}">
<meta property="article:published_time" content="{article.date}T09:00:00+00:00">
<script type="application/ld+json">{ld}</script>
<style>body {{ font-family: sans-serif; }}</style>
</head>
<body>
<header><nav><ul><li><a href="/">{e(nav)}</a></li><li><a href="/news">{e(news)}</a></li>
<li><a href="/about">{e(about)}</a></li></ul></nav></header>
<div class="cookie-banner" id="cookie-consent">{e(cookie)} <button>{e(accept)}</button></div>
<main><article>
<h1>{e(article.title)}</h1>
<p class="byline">{e(article.author)}</p>
{chr(10).join(body)}
</article></main>
<aside class="sidebar"><h3>{e(related)}</h3><ul><li><a href="/a">{e(other)}</a></li></ul></aside>
<footer><p>{e(copyright_)}</p><a href="/privacy">{e(privacy)}</a></footer>
<script>window.dataLayer = [];</script>
</body></html>
"""


def font_files() -> dict[str, str]:
    """The fonts the package installs for its plots: IPAex Gothic (Latin, Cyrillic, Japanese)
    and Noto Sans Thai."""
    import fontpkg_noto_sans_thai
    import matplotlib_fontja

    ja = Path(matplotlib_fontja.__file__).parent / "fonts" / "ipaexg.ttf"
    th = next((Path(fontpkg_noto_sans_thai.__file__).parent / "files").glob("NotoSansThai*.ttf"))
    return {"ja": str(ja), "th": str(th)}


def pdf_file(path: Path, pages: list[list[tuple[str, str]]], title: str = "", author: str = "",
             created: dt.datetime | None = None, header: str = "", keywords: str = "") -> Path:
    """A PDF of ``pages``, each a list of (kind, text) lines: ``h`` a heading line in large
    type, ``l`` a body line, ``gap`` a paragraph break.  Lines are placed as given, so a test
    decides where a line (and a hyphenated word) breaks.  ``header`` runs at the top of every
    page, the page number at the bottom."""
    from fpdf import FPDF

    fonts = font_files()

    class Doc(FPDF):
        def header(self):
            if header:
                self.set_font("body", size=9)
                self.cell(0, 8, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(6)

        def footer(self):
            self.set_y(-15)
            self.set_font("body", size=9)
            self.cell(0, 10, f"– {self.page_no()} –", align="C")

    pdf = Doc(format="A4")
    pdf.add_font("body", fname=fonts["ja"])
    pdf.add_font("thai", fname=fonts["th"])
    pdf.set_fallback_fonts(["thai"])
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if keywords:
        pdf.set_keywords(keywords)
    pdf.set_creation_date(created or dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc))
    for lines in pages:
        pdf.add_page()
        for kind, text in lines:
            if kind == "gap":
                pdf.ln(5)
            elif kind == "h":
                pdf.set_font("body", size=16)
                pdf.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
            else:
                pdf.set_font("body", size=11)
                pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def scanned_pdf(path: Path) -> Path:
    """A two-page PDF that is only images, as a scanner makes."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill=0)
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=180)
    pdf.output(str(path))
    return path


def docx_file(path: Path, article: Article, with_table: bool = True) -> Path:
    """A Word file of ``article``: Title, Heading 1 sections, paragraphs, a bulleted list, a
    table, and its core properties (title, author, created, keywords, language)."""
    import docx

    document = docx.Document()
    document.add_paragraph(article.title, style="Title")
    for n, (heading, paragraphs) in enumerate(article.sections):
        document.add_heading(heading, level=1)
        for p in paragraphs:
            document.add_paragraph(p)
        if n == 0:
            for item in article.items:
                document.add_paragraph(item, style="List Bullet")
            document.add_paragraph("")  # an empty paragraph still counts
            if with_table:
                table = document.add_table(rows=1, cols=2)
                table.cell(0, 0).text = "ОДКБ" if article.lang == "ru" else "CSTO"
                table.cell(0, 1).text = article.items[0]
    props = document.core_properties
    props.title = article.title
    props.author = article.author
    props.created = dt.datetime.fromisoformat(article.date + "T10:00:00")
    props.keywords = "CSTO; exercises"
    props.language = article.lang
    document.save(str(path))
    return path
