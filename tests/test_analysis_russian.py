"""Russian lemmas chosen in context, on real text: the seed page's Russian quotes and UD GSD dev.

The cases are words whose lemma pymorphy3 cannot tell from the form alone and the sentence
decides.  Treebank sentences are read from the dev file by ``sent_id`` (nothing of the
treebank is copied here); the tests that need it are skipped where the file is absent.
"""

from __future__ import annotations

from functools import lru_cache

import pymorphy3
import pytest

from cstocorpus.analysis import analyze, analyzer_for
from cstocorpus.analysis.russian import RussianAnalyzer
from cstocorpus.evaluation import evaluate_file
from cstocorpus.evaluation.conllu import read_conllu
from cstocorpus.normalize import normalize, search_key

from .conftest import JA_DOC, SEEDS, UD, ud_file

GSD_DEV = UD / "ru_gsd-dev.conllu"


@lru_cache(maxsize=1)
def gsd_dev() -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    """``sent_id`` → (text, [(form, lemma, upos), ...]) for the words of UD Russian GSD dev."""
    ud_file(GSD_DEV.name)
    return {s.sent_id: (s.text, [(w.form, w.lemma, w.upos) for w in s.words]) for s in read_conllu(GSD_DEV)}


def ru() -> RussianAnalyzer:
    analyzer = analyzer_for("ru")
    assert isinstance(analyzer, RussianAnalyzer)
    return analyzer


def seed_paragraph(start: str) -> str:
    lines = SEEDS[f"{JA_DOC}.txt"].read_text(encoding="utf-8").splitlines()
    return next(normalize(line).text for line in lines if line.startswith(start))


# --- the interface ------------------------------------------------------------------------


def test_lemmatize_words_keeps_punctuation_and_numbers_and_gives_search_keys():
    words = ["Ещё", "в", "1990", "г.", ",", "по", "данным", "ОДКБ", ",", "рост", "--", "12,5", "%"]
    assert ru().lemmatize_words(words + ["."]) == [
        "еще", "в", "1990", "год", ",", "по", "данные", "одкб", ",", "рост", "--", "12,5",
        "процент-знак", ".",
    ]
    assert ru().lemmatize_words([]) == []
    assert ru().lemmatize_words(["Замо́к"]) == ["замок"]  # stress mark gone, lowercased


def test_analyze_keeps_spans_and_forms_and_reads_the_abbreviation_dot():
    text = seed_paragraph("Одним из приоритетов Казахстана")
    tokens = analyze(text, "ru")
    assert all(text[t.start:t.end] == t.form for t in tokens)
    by_form = {t.form: t.lemma for t in tokens}
    assert "2014" in by_form and by_form["г"] == "год"  # 23 декабря 2014 г.
    assert by_form["безопасности"] == "безопасность"


def test_index_and_evaluation_choose_the_same_lemmas():
    """analyze (what the index stores) and lemmatize_words (what is scored) agree in context.

    Russian words only (Latin names in these sentences go to the English analyzer).  The
    only differences allowed are abbreviations the treebank cut from their dot
    (``1998 г .``), which analyze still reads as ``год``."""
    same = total = 0
    for text, words in gsd_dev().values():
        forms = [w[0] for w in words]
        lemmas = ru().lemmatize_words(forms)
        found = {(t.start, t.end): t.lemma for t in analyze(text, "ru") if t.lang == "ru"}
        pos = 0
        for form, lemma in zip(forms, lemmas):
            start = text.index(form, pos)
            pos = start + len(form)
            if (start, pos) in found:
                total += 1
                same += found[(start, pos)] == lemma
    assert total > 9000 and same / total > 0.998


# --- decisions the context makes, each in a real sentence ----------------------------------

GSD_CASES = [
    # determiner or pronoun: agreement with the next word
    ("dev-s57", "этого", "этот"),  # поддержку этого тренда
    ("dev-s192", "этого", "это"),  # После этого Лайт стал ...
    ("dev-s183", "том", "тот"),  # В том же году (across the particle же)
    ("dev-s46", "все", "весь"),  # все средневековые списки (not всё: the text writes е)
    # possessive его keeps its form (UD), the pronoun is он
    ("dev-s1", "его", "его"),  # отражающую его стиль
    ("dev-s22", "его", "он"),  # где его назначили бригадиром
    # government: с + instrumental
    ("dev-s50", "ним", "он"),  # С ним граничат города
    # names: capitals, agreement of first name and patronymic, unknown uninflected names
    ("dev-s113", "Евгения", "Евгения"),  # Евгения Георгиевна, not the genitive of Евгений
    ("dev-s113", "Георгиевна", "Георгиевна"),  # a woman's patronymic is its own lemma (UD)
    ("dev-s182", "Вартанов", "Вартанов"),  # a surname, not the genitive plural of Вартан
    ("dev-s19", "Мопертюи", "Мопертюи"),
    ("dev-s46", "Кайрелл", "Кайрелл"),
    # spelling of the text kept: ь, not the dictionary's и
    ("dev-s43", "Закарпатье", "Закарпатье"),
    ("dev-s140", "предгорьях", "предгорье"),
    # the next word confirms a reading
    ("dev-s85", "большая", "больший"),  # большая часть (most of)
    ("dev-s44", "Самой", "самый"),  # Самой первой (superlative)
    # short participle rather than short adjective
    ("dev-s77", "развит", "развить"),
    # abbreviations and conventions
    ("dev-s362", "г.", "год"),  # в 1990 г.
    ("dev-s359", "РДТТ", "РДТТ"),
    ("dev-s7", "со", "со"),
]


@pytest.mark.parametrize("sent_id, form, expected", GSD_CASES)
def test_gsd_sentences(sent_id, form, expected):
    _, words = gsd_dev()[sent_id]
    forms = [w[0] for w in words]
    i = forms.index(form)
    assert search_key(words[i][1]) == search_key(expected)  # the gold says so
    assert ru().lemmatize_words(forms)[i] == search_key(expected)


def test_seed_quotes_from_the_kazakh_and_tajik_pages():
    kazakh_text = seed_paragraph("В целом, Республика Казахстан последовательно")
    kazakh = {t.form: t.lemma for t in analyze(kazakh_text, "ru")}
    assert kazakh["их"] == "их"  # лежащих в их основе: possessive
    tajik_text = seed_paragraph("Республика Таджикистан считает")
    tajik = {t.form: t.lemma for t in analyze(tajik_text, "ru")}
    assert tajik["ближайшими"] == "ближайший"  # a superlative is its own lemma (UD)
    assert tajik["стран-участниц"] == "страна-участница"
    assert ru().lemmatize_words(["страны-участницы", "и", "государства-члены"]) == [
        "страна-участница", "и", "государство-член",  # both halves inflect, both lemmatized
    ]


# --- accuracy on UD Russian GSD dev ------------------------------------------------------------


def accuracy(lemmatize) -> tuple[float, float]:
    """Lemma accuracy over all gold words, and over words without PUNCT/SYM/NUM."""
    right = total = right_words = words_total = 0
    for _, words in gsd_dev().values():
        for (form, lemma, upos), ours in zip(words, lemmatize([w[0] for w in words])):
            ok = search_key(ours) == search_key(lemma)
            right, total = right + ok, total + 1
            if upos not in ("PUNCT", "SYM", "NUM"):
                right_words, words_total = right_words + ok, words_total + 1
    return right / total, right_words / words_total


def test_gsd_dev_accuracy_floor():
    # Measured when set: 0.976 overall, 0.970 without punctuation and numbers; pymorphy3's
    # first parse alone gives 0.953 and 0.941.
    lemma = evaluate_file(ud_file(GSD_DEV.name), "ru", speed=False).lemma
    overall, words = lemma["all"]["accuracy"], lemma["words"]["accuracy"]
    assert overall >= 0.97 and words >= 0.963
    morph = pymorphy3.MorphAnalyzer(lang="ru")
    first_overall, first_words = accuracy(lambda ws: [morph.parse(w)[0].normal_form for w in ws])
    assert words - first_words >= 0.02
