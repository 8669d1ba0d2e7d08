"""The evaluator: CoNLL-U reading, the scores themselves (on hand-made cases with known
answers), the seeded language-ID items, and ``cstocorpus evaluate`` on real gold files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cstocorpus.cli import cli
from cstocorpus.evaluation import evaluate_file, language_of_file
from cstocorpus.evaluation.conllu import ConlluError, read_conllu
from cstocorpus.evaluation.langid_items import word_items
from cstocorpus.evaluation.metrics import PRF, Segmentation, boundaries, compact_spans

from .conftest import ud_file


def conllu(*rows: str, text: str | None = None, sent_id: str = "s1") -> str:
    head = [f"# sent_id = {sent_id}"] + ([f"# text = {text}"] if text is not None else [])
    return "\n".join(head + ["\t".join(r.split()) for r in rows]) + "\n\n"


def row(i, form, lemma, upos, misc="_"):
    return f"{i} {form} {lemma} {upos} _ _ 0 dep _ {misc}"


# --- reading ----------------------------------------------------------------------------


def test_reader_keeps_multiword_tokens_as_one_surface_token(tmp_path):
    path = tmp_path / "en_x.conllu"
    path.write_text(conllu(
        "1-2 don't _ _ _ _ _ _ _ _",
        row(1, "do", "do", "AUX"), row(2, "n't", "not", "PART"),
        row(3, "go", "go", "VERB", "SpaceAfter=No"),
        "3.1 gone go VERB _ _ _ _ _ _",  # an empty node is no word of the text
        row(4, ".", ".", "PUNCT"),
        text="don't go.",
    ), encoding="utf-8")
    [s] = read_conllu(path)
    assert s.tokens == ("don't", "go", ".")
    assert [w.form for w in s.words] == ["do", "n't", "go", "."]
    assert s.spans == ((0, 5), (6, 8), (8, 9))


def test_reader_rebuilds_missing_text_from_space_after(tmp_path):
    path = tmp_path / "ru_x.conllu"
    path.write_text(conllu(row(1, "Привет", "привет", "INTJ", "SpaceAfter=No"), row(2, ",", ",", "PUNCT"),
                           row(3, "мир", "мир", "NOUN")), encoding="utf-8")
    assert read_conllu(path)[0].text == "Привет, мир"


@pytest.mark.parametrize("content, message", [
    ("1\tonly\tthree\n\n", "expected 10 tab-separated columns"),
    (conllu(row(1, "a", "a", "X"), text="b"), "do not spell its text"),
    (conllu(row("x", "a", "a", "X")), "bad token id"),
])
def test_reader_names_the_problem(tmp_path, content, message):
    path = tmp_path / "en_bad.conllu"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConlluError, match=message):
        read_conllu(path)


# --- scores -----------------------------------------------------------------------------


def test_spaces_are_removed_before_comparing_spans():
    assert compact_spans("ab cd", [(0, 2), (3, 5)]) == {(0, 2), (2, 4)}
    assert boundaries({(0, 2), (2, 4)}) == {2}


def test_segmentation_scores_on_a_case_worked_by_hand():
    # gold: แม้|ว่า|การ|เปลี่ยน   predicted: แม้ว่า|การเปลี่ยน   (whitespace-free offsets)
    text = "แม้ว่าการเปลี่ยน"
    gold = [(0, 3), (3, 6), (6, 9), (9, 16)]
    predicted = [(0, 6), (6, 16)]
    seg = Segmentation()
    seg.add(text, predicted, gold)
    assert (seg.boundary.correct, seg.boundary.predicted, seg.boundary.gold) == (1, 1, 3)
    assert seg.boundary.precision == 1.0 and seg.boundary.recall == pytest.approx(1 / 3)
    assert seg.boundary.f1 == pytest.approx(0.5)
    assert (seg.word.correct, seg.word.predicted, seg.word.gold) == (0, 2, 4)
    assert seg.word.f1 == 0.0


def test_scores_are_micro_averaged_over_sentences():
    prf = PRF()
    prf.add({1, 2, 3}, {1, 2, 3})  # a long sentence, all right
    prf.add({1}, {2})  # a short one, all wrong
    assert prf.precision == prf.recall == pytest.approx(3 / 4)


def test_lemma_scores_of_a_tiny_file(tmp_path):
    """Known answers: simplemma gives the/cat/be/run; the gold says ``running`` (a deliberate
    mismatch), so 4 of 5 words are right, 3 of 4 without the full stop."""
    path = tmp_path / "en_tiny.conllu"
    path.write_text(
        conllu(row(1, "The", "the", "DET"), row(2, "cats", "cat", "NOUN"), row(3, "were", "be", "AUX"),
               row(4, "running", "running", "VERB", "SpaceAfter=No"), row(5, ".", ".", "PUNCT"),
               text="The cats were running."),
        encoding="utf-8")
    report = evaluate_file(path, "en", speed=False)
    assert report.lemma["all"] == {"accuracy": pytest.approx(4 / 5), "correct": 4, "total": 5}
    assert report.lemma["words"] == {"accuracy": pytest.approx(3 / 4), "correct": 3, "total": 4}
    word = report.segmentation["word"]
    assert (word["correct"], word["predicted"], word["gold"]) == (5, 5, 5)
    assert report.langid["sentences"]["correct"] == 1
    assert report.speed == {}


def test_segmentation_scores_of_a_tiny_file(tmp_path):
    """A gold file that cuts ``Мир`` into ``Ми|р`` (no analyzer would): the one predicted word
    is wrong, and the one gold boundary is missed."""
    path = tmp_path / "ru_tiny.conllu"
    path.write_text(
        conllu(row(1, "Ми", "ми", "X", "SpaceAfter=No"), row(2, "р", "р", "X"), text="Мир")
        + conllu(row(1, "Да", "да", "PART"), row(2, "нет", "нет", "PART"), text="Да нет", sent_id="s2"),
        encoding="utf-8")
    seg = evaluate_file(path, "ru", speed=False).segmentation
    assert (seg["word"]["correct"], seg["word"]["predicted"], seg["word"]["gold"]) == (2, 3, 4)
    assert (seg["boundary"]["correct"], seg["boundary"]["predicted"], seg["boundary"]["gold"]) == (1, 1, 2)


# --- language-ID items --------------------------------------------------------------------


def test_word_items_are_seeded_and_in_the_languages_own_script():
    sentences = read_conllu(ud_file("ja_gsd-dev.conllu"))
    one = word_items(sentences, "ja", 1, "ja_gsd-dev.conllu")
    assert one == word_items(sentences, "ja", 1, "ja_gsd-dev.conllu")
    assert one != word_items(sentences, "ja", 1, "other-seed")
    assert len(one) == 2000
    assert not any(w.isascii() for w in one)  # Latin words in Japanese sentences are left out
    three = word_items(sentences, "ja", 3, "ja_gsd-dev.conllu")
    assert all(any(t in s.text for s in sentences[:]) for t in three[:20])


def test_language_of_file():
    assert language_of_file(ud_file("th_pud-dev-first500.conllu")) == "th"
    assert language_of_file("ru-syntagrus.conllu") == "ru"
    assert language_of_file("kk_ktb-ud-test.conllu") is None


# --- the command ------------------------------------------------------------------------


def test_evaluate_command_reports_every_measure_of_a_real_file():
    result = CliRunner().invoke(cli, ["evaluate", str(ud_file("th_pud-dev-first500.conllu")), "--format", "json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)["files"]
    assert report["lang"] == "th" and report["sentences"] == 500 and report["tokens"] == 10992
    assert 0.8 < report["segmentation"]["boundary"]["f1"] <= 1
    assert report["speed"]["chars_per_second"] > 0 and report["speed"]["raw_chars_per_second"] > 0
    assert {"sentences", "1_word", "3_words"} <= set(report["langid"])


def test_evaluate_table_has_one_column_per_file():
    files = [str(ud_file("ru_gsd-dev.conllu")), str(ud_file("en_ewt-dev-first1500.conllu"))]
    result = CliRunner().invoke(cli, ["evaluate", *files, "--no-speed"])
    assert result.exit_code == 0, result.output
    header, _, *rows = result.stdout.splitlines()
    assert header.split()[1:] == ["ru_gsd-dev", "en_ewt-dev-first1500"]
    lemma = next(r for r in rows if r.startswith("lemma accuracy "))
    assert all(0.9 < float(v) <= 1 for v in lemma.split()[2:])
    assert next(r for r in rows if r.startswith("speed: chars/s")).split()[2:] == ["–", "–"]


def test_evaluate_needs_a_language(tmp_path):
    path = tmp_path / "gold.conllu"
    path.write_text(conllu(row(1, "word", "word", "NOUN"), text="word"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 2
    assert "--lang" in result.stderr and "Traceback" not in result.output
    assert CliRunner().invoke(cli, ["evaluate", str(path), "--lang", "en", "--no-speed"]).exit_code == 0


def test_evaluate_rejects_a_malformed_file_in_one_sentence(tmp_path):
    path = tmp_path / "en_bad.conllu"
    path.write_bytes(b"1\tword\n\n")
    result = CliRunner().invoke(cli, ["evaluate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "en_bad.conllu:1" in result.stderr
    assert "Traceback" not in result.output
