"""The plain-text reader reads a text as its author wrote it: paragraphs between blank lines,
headings that are headings (not short sentences), and articles run together kept apart.

On the Thai seed and on texts written here in Thai and Russian.
"""

from __future__ import annotations

from cstocorpus.sources.plaintext_doc import read_text

from .conftest import SEEDS, TH_DOC

TH_SEED = SEEDS[f"{TH_DOC}.txt"].read_text(encoding="utf-8")


def blocks_at(doc, *lines):
    return {b.line_start: b for b in doc.blocks if b.line_start in lines}


def test_thai_seed_sentences_broken_across_lines_are_one_passage():
    doc = read_text(TH_SEED)
    found = blocks_at(doc, 159, 160, 207, 208, 212, 213)
    assert set(found) == {159, 207, 212}
    for start, end in ((159, 160), (207, 208), (212, 213)):
        block = found[start]
        assert (block.kind, block.line_end) == ("paragraph", end)
        source = TH_SEED.split("\n")
        assert block.text == source[start - 1].strip() + "\n" + source[end - 1].strip()
    # the decision's title and the strategy's title are whole inside their passages
    assert 'ได้มีการตัดสินใจ\n"ในการฟื้นฟูสมาชิกภาพ' in found[159].text
    assert "ยุทธศาสตร์ต่อต้านยาเสพติด" in found[212].text and "2558-2563”" in found[212].text


def test_thai_seed_sentence_is_not_a_heading():
    doc = read_text(TH_SEED)
    line_269 = blocks_at(doc, 269)[269]
    assert line_269.kind == "paragraph"  # "The Collective Security Council (CSC) is the highest body ..."
    assert line_269.section == ("สมาชิก CSTO",)
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert "ประวัติโดยย่อ" in headings and "สมาชิก CSTO" in headings and "2. หน่วยงานถาวร" in headings


def test_thai_seed_article_without_a_heading_is_not_under_the_previous_one():
    doc = read_text(TH_SEED)
    pa = "CSTO PA: ศักยภาพที่ยอดเยี่ยมสำหรับคุณภาพ"
    assert blocks_at(doc, 155)[155].section == (pa,)  # the last paragraph of that article
    for block in doc.blocks:
        if 157 <= block.line_start <= 233:
            assert block.section == (), block.line_start  # lines 157–233: an article of its own
    assert blocks_at(doc, 237)[237].section == ("สมาชิก CSTO",)


def test_key_value_lines_stay_apart():
    doc = read_text(TH_SEED)
    assert [b.line_start for b in doc.blocks if b.line_start >= 350] == [350, 351, 352]


RU_TEXT = """Справка об ОДКБ

История

Организация выросла из Договора о коллективной безопасности. В 2002 году государства решили
преобразовать договор в международную организацию.

В 2009 году были созданы Коллективные силы оперативного реагирования.

В 2010 году Кыргызстан обратился за помощью после беспорядков на юге страны.

В 2016 году председателем Парламентской ассамблеи стал В. В. Володин.

В 2022 году силы ОДКБ были направлены в Казахстан по просьбе его президента.

15 мая 1992 года в Ташкенте главы шести государств подписали Договор о коллективной
безопасности.

Договор вступил в силу 20 апреля 1994 года.

Состав
Членами организации являются Армения, Беларусь, Казахстан, Кыргызстан, Россия и Таджикистан.

Штаб-квартира: Москва
Языки: русский
"""


def test_russian_text_of_two_articles_run_together():
    doc = read_text(RU_TEXT)
    got = [(b.kind, b.line_start, b.line_end, b.section) for b in doc.blocks]
    assert got == [
        ("title", 1, 1, ()),
        ("heading", 3, 3, ("История",)),
        ("paragraph", 5, 6, ("История",)),  # a sentence broken across lines: one passage
        ("paragraph", 8, 8, ("История",)),
        ("paragraph", 10, 10, ("История",)),
        ("paragraph", 12, 12, ("История",)),
        ("paragraph", 14, 14, ("История",)),
        ("paragraph", 16, 17, ()),  # 1992 after 2022: another article begins, without a heading
        ("paragraph", 19, 19, ()),
        ("heading", 21, 21, ("Состав",)),  # a heading directly above its text
        ("paragraph", 22, 22, ("Состав",)),
        ("paragraph", 24, 24, ("Состав",)),  # label: value lines stay apart
        ("paragraph", 25, 25, ("Состав",)),
    ]


TH_TEXT = """บันทึกเรื่ององค์กร

โครงสร้างขององค์กร

สภาถาวร (PC) เป็นองค์กรประสานงานของรัฐสมาชิก

สภาถาวรประชุมกันเป็นประจำที่สำนักเลขาธิการในกรุงมอสโก โดยมีผู้แทนถาวรของรัฐสมาชิกทุกประเทศเข้าร่วมการประชุม
และพิจารณาร่างเอกสารก่อนการประชุมสุดยอด

วัตถุประสงค์ของการฝึก

การฝึกซ้อมร่วมจัดขึ้นทุกปีในประเทศสมาชิกเพื่อเพิ่มความพร้อมของกองกำลังตอบโต้ร่วมอย่างรวดเร็วและกองกำลังรักษาสันติภาพ

การฝึกครั้งต่อไปจะจัดขึ้นในเบลารุสในฤดูใบไม้ร่วงตามที่รัฐมนตรีกลาโหมของประเทศสมาชิกได้ตกลงกันไว้
"""


def test_thai_text_written_here():
    doc = read_text(TH_TEXT)
    got = [(b.kind, b.line_start, b.line_end, b.section) for b in doc.blocks]
    structure = ("โครงสร้างขององค์กร",)
    aims = ("วัตถุประสงค์ของการฝึก",)
    assert got == [
        ("title", 1, 1, ()),
        ("heading", 3, 3, structure),
        ("paragraph", 5, 5, structure),  # "The Permanent Council (PC) is ...": a sentence
        ("paragraph", 7, 8, structure),  # one sentence on two lines
        ("heading", 10, 10, aims),
        ("paragraph", 12, 12, aims),
        ("paragraph", 14, 14, aims),
    ]
