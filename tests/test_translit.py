"""Cross-script name keys (cstocorpus.translit): recall on name spellings, precision on a
large vocabulary of words that are not those names.

Run ``python tests/test_translit.py`` to print the full measurement (recall, false friends
per name with examples, µs per call).
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from cstocorpus.translit import name_key, name_keys, query_key, romanize

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
UD_DIR = ROOT.parent / "shared" / "eval" / "ud"

#: One name per line, its spellings in Latin, Cyrillic, katakana and Thai; each line must
#: get one key.
NAME_SPELLINGS = [
    "Medvedev Медведев メドヴェージェフ メドベージェフ เมดเวเดฟ",
    "Putin Путин プーチン ปูติน",
    "Lukashenko Лукашенко ルカシェンコ ลูกาเชนโก",
    "Tokayev Токаев トカエフ โตกาเยฟ",
    "Pashinyan Пашинян パシニャン ปาชินยาน",
    "Nazarbayev Назарбаев ナザルバエフ นาซาร์บาเยฟ",
    "Bordyuzha Бордюжа ボルジュジャ",
    "Naryshkin Нарышкин ナルイシキン",
    "Volodin Володин ヴォロージン",
    "Gryzlov Грызлов グリズロフ",
    "Shoigu Шойгу ショイグ",
    "Lavrov Лавров ラブロフ",
    "Rakhmon Рахмон ラフモン",
    "Atambayev Атамбаев アタンバエフ",
    "Jeenbekov Жээнбеков ジェエンベコフ",
    "Khachaturov Хачатуров ハチャトゥロフ",
    "Zas Зась ザス",
    "Tasmagambetov Тасмагамбетов",
    "Moscow Москва モスクワ มอสโก",
    "Yerevan Ереван エレバン เยเรวาน",
    "Dushanbe Душанбе ドゥシャンベ ดูชานเบ",
    "Bishkek Бишкек ビシュケク บิชเคก",
    "Minsk Минск ミンスク มินสค์",
    "Astana Астана アスタナ อัสตานา",
    # variants: transliteration systems, inflected and feminine forms
    "Medvedev Medvedeff Medwedew Медведева Медведеву",
    "Tokayev Tokaev Токаева",
    "Moscow Moskva Москве Москвы",
    "Nazarbayev Nazarbaev",
    "Shoigu Shoygu",
    "Yerevan Erevan",
    "Rakhmon Rahmon",
]

#: Vocabulary words that are spellings (inflections, derivations) of a listed name, not
#: false friends.
ALSO_SPELLINGS = {
    "Moscow": {"москву", "московский", "москвич", "moskou"},
}

#: The names of the seed texts written more than one way, one name per line, judged by reading
#: the texts: every spelling of a name there (Thai, Latin, Cyrillic, katakana), and the other
#: Thai spelling of th_domain_words.txt where the text uses one.  Spellings on one line must
#: meet; spellings on different lines must not (they are different names).
SEED_NAMES = [
    "มอสโก มอสโกว",  # Moscow: both in the Thai text
    "มินสค์ มินสก์",  # Minsk: the Thai text; th_domain_words.txt
    "คีร์กีซสถาน คีร์กิซสถาน Kyrgyzstan Кыргызстан Кыргызстана クルグズスタン",
    "คาซัคสถาน Казахстан Казахстана カザフスタン",
    "ทาจิกิสถาน Таджикистан Таджикистана タジキスタン",
    "เมดเวเดฟ Medvedev",
    "ลูกาเชนโก Lukashenko",
    "อเล็กซานเดอร์ Alexander",
    "อับคาเซีย Abkhazia",
    "ออสซีเชีย Ossetia",
    "เคียฟ Kyiv",
    "บอริส Boris",
    "ดูมา Duma",
    "วลาดิมีร์ วลาดิเมียร์",  # Vladimir: the Thai text; th_domain_words.txt
    "โซซี โซชี",  # Sochi
    "นาโต เนโท",  # NATO
    "รัสเซีย ロシア",  # Russia
    "ยูเรเซีย Евразии",  # Eurasia
    "ทรานส์นีสเตรีย Transnistria",
]
#: Measured on SEED_NAMES: 39 of the 43 pairs that must meet do (0.907; 0.791 before katakana's
#: added vowel and the Thai carrier ``อ`` were read as such), and no two names meet (precision
#: 1.0).  Left apart: ออสซีเชีย/Ossetia (Thai writes -tia as เชีย), นาโต/เนโท and รัสเซีย/ロシア
#: (their first vowels differ, which short keys keep), ยูเรเซีย/Евразии (Eurasia/Евразия).
MIN_SEED_RECALL = 0.90

#: Ceilings measured over the seed corpus + UD dev vocabulary (see ``_report``).  Raise a
#: number only with a reason: a key that matches everything is worse than none.
MAX_FALSE_FRIENDS_TOTAL = 40  # measured 28
MAX_FALSE_FRIENDS_ONE_NAME = 8  # measured 5 (Shoigu, Lavrov)


def test_every_spelling_of_a_name_gets_one_key():
    for line in NAME_SPELLINGS:
        spellings = line.split()
        keys = {w: name_key(w) for w in spellings}
        assert None not in keys.values(), keys
        assert len(set(keys.values())) == 1, keys


def seed_name_pairs(key=name_key) -> tuple[float, float, list, list]:
    """(recall, precision, missed pairs, wrong pairs) of ``key`` on ``SEED_NAMES``: recall over
    the pairs of spellings of one name, precision over the pairs of spellings that meet."""
    lines = [line.split() for line in SEED_NAMES]
    must = [(a, b) for words in lines for a, b in combinations(words, 2)]
    missed = [(a, b) for a, b in must if not (key(a) and key(a) == key(b))]
    spellings = [(w, n) for n, words in enumerate(lines) for w in words]
    met = [(a, b, m == n) for (a, m), (b, n) in combinations(spellings, 2) if key(a) and key(a) == key(b)]
    wrong = [(a, b) for a, b, same in met if not same]
    return 1 - len(missed) / len(must), (len(met) - len(wrong)) / len(met), missed, wrong


def test_seed_name_spellings_meet_and_names_do_not():
    recall, precision, missed, wrong = seed_name_pairs()
    assert precision == 1.0, wrong
    assert recall >= MIN_SEED_RECALL, missed


def test_katakana_added_vowel_and_thai_carrier():
    assert name_key("クルグズスタン") == name_key("Kyrgyzstan") == name_key("คีร์กีซสถาน")
    assert name_key("ボルジュジャ") == name_key("Bordyuzha")  # a vowel of the name parts ジュ|ジャ
    assert name_key("ออสซีเชีย").endswith("o")  # ออ: o, the first อ only carries it


def test_a_thai_query_word_cut_into_pieces_is_keyed_whole():
    """The query side of the index's Thai runs: มินสค์ (not in the word list, cut มิ|นสค์) is
    searched by the key of the whole word; a word of the dictionary is no name."""
    assert query_key("มินสค์", ("มิ", "นสค์")) == name_key("มินสก์") == name_key("Minsk")
    assert query_key("ความร่วมมือ", ("ความ", "ร่วม", "มือ")) is None
    assert query_key("Dmitry Medvedev", ("dmitry", "medvedev")) is None


def test_a_thai_query_spelling_made_of_dictionary_words_is_keyed_when_its_key_is_long():
    """บอร์ดยูจา (Bordyuzha) segments into three dictionary words, บอร์ด|ยู|จา; typed as one
    word it is no dictionary word, and its key of four consonant classes is the name's. A
    short key from common pieces is not taken (it would meet too many names)."""
    from cstocorpus.analysis import analyze

    def forms(word):
        return tuple(t.form for t in analyze(word, "th"))

    assert len(forms("บอร์ดยูจา")) > 1
    assert query_key("บอร์ดยูจา", forms("บอร์ดยูจา")) == name_key("Bordyuzha")
    assert query_key("ความร่วมมือ", forms("ความร่วมมือ")) is None
    assert query_key("ยาเสพติด", forms("ยาเสพติด")) is None


def test_distinct_names_get_distinct_keys():
    by_key = defaultdict(set)
    for line in NAME_SPELLINGS:
        by_key[name_key(line.split()[0])].add(line.split()[0])
    assert all(len(names) == 1 for names in by_key.values()), by_key


@pytest.mark.parametrize("form", [
    "CSTO", "ОДКБ", "ODKB", "PA", "2014", "19.5", "安全保障", "ひらがな", "の", "a", "I", "ก",
    "Ян",  # one consonant class
])
def test_not_a_name(form):
    assert name_key(form) is None


def test_romanize():
    assert romanize("Медведев") == "medvedev"
    assert romanize("プーチン") == "puchin"
    assert romanize("ラフモン") == "rahomon"  # medial フ before a consonant: х
    assert romanize("安全") is None


def test_name_key_strips_punctuation_and_folds_width():
    assert name_key("Medvedev's") == name_key("Medvedev") or name_key("Medvedevs") is not None
    assert name_key("«Медведев»") == name_key("Medvedev")
    assert name_key("ﾌﾟｰﾁﾝ") == name_key("Putin")


# --- in the corpus --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def passages():
    from cstocorpus.catalog import load_catalog
    from cstocorpus.corpus import read_sources
    from cstocorpus.passages import make_passages

    out = []
    for doc in read_sources(load_catalog(CORPUS)):
        if hasattr(doc, "parsed"):
            out.extend(make_passages(doc.record.id, doc.parsed.blocks))
    return out


def _keyed_forms(passages) -> dict[str, set[str]]:
    """key → forms (passage text under the keyed span) found by ``name_keys``."""
    found = defaultdict(set)
    for p in passages:
        for i, key in name_keys(p.text, list(p.tokens)):
            found[key].add(p.tokens[i].form)
    return found


def test_russian_names_find_their_latin_spelling_in_the_thai_seed(passages):
    found = _keyed_forms(passages)
    assert "Medvedev" in found[name_key("Медведев")]  # "Dmitry Medvedev" in 002_…
    assert "Volodin" in found[name_key("Володин")]
    assert "Naryshkin" in found[name_key("Нарышкин")]
    assert "Bordyuzha" in found[name_key("Бордюжа")]
    assert "Lukashenko" in found[name_key("Лукашенко")]
    assert "Gryzlov" in found[name_key("Грызлов")]


def test_thai_names_in_the_seed_are_keyed(passages):
    found = _keyed_forms(passages)
    assert "มอสโก" in found[name_key("Москва")]
    assert any(f.startswith("อาร์เมเนีย") or f == "อาร์เมเนีย" for f in found[name_key("Armenia")])


def test_thai_pieces_of_an_unknown_name_are_joined():
    from cstocorpus.analysis import analyze

    text = "นายชูลแมนกล่าวว่า"
    tokens = analyze(text, "th")
    keys = {key for _, key in name_keys(text, tokens)}
    assert name_key("Shulman") in keys


def test_name_keys_skip_common_words():
    from cstocorpus.analysis import analyze

    text = "The CSTO secretary met Putin in Moscow."
    tokens = analyze(text, "en")
    keyed = {tokens[i].form for i, _ in name_keys(text, tokens)}
    assert keyed == {"Putin", "Moscow"}  # capitalized; "The" is one class, "CSTO" an acronym
    text = "Путина встретили в Москве"
    tokens = analyze(text, "ru")
    keys = dict((tokens[i].form, k) for i, k in name_keys(text, tokens))
    assert keys["Путина"] == name_key("Putin") and keys["Москве"] == name_key("Moscow")
    assert "встретили" not in keys


# --- precision ------------------------------------------------------------------------------


def _vocabulary(passages) -> set[str]:
    words = {t.form for p in passages for t in p.tokens}
    words |= {t.form for p in passages for t in p.compounds}
    for path in sorted(UD_DIR.glob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) > 1 and "-" not in cols[0] and "." not in cols[0]:
                    words.add(cols[1])
    return words


def _false_friends(vocabulary: set[str]) -> dict[str, list[str]]:
    """name → vocabulary words with its key that are none of its spellings."""
    by_key = defaultdict(list)
    for word in vocabulary:
        key = name_key(word)
        if key:
            by_key[key].append(word)
    spellings = defaultdict(set)
    for line in NAME_SPELLINGS:
        ws = line.split()
        spellings[ws[0]].update(w.lower() for w in ws)
    out = {}
    for name, forms in spellings.items():
        forms = forms | ALSO_SPELLINGS.get(name, set())
        out[name] = sorted(w for w in by_key[name_key(name)] if w.lower() not in forms)
    return out


def test_false_friends_over_the_corpus_and_treebank_vocabulary(passages):
    if not sorted(UD_DIR.glob("*.conllu")):
        pytest.skip(f"needs the Universal Dependencies gold files: put them in ../shared/eval/ud/ beside the repository ({UD_DIR})")
    friends = _false_friends(_vocabulary(passages))
    total = sum(len(v) for v in friends.values())
    worst = max(friends.items(), key=lambda kv: len(kv[1]))
    assert total <= MAX_FALSE_FRIENDS_TOTAL, {k: v for k, v in friends.items() if v}
    assert len(worst[1]) <= MAX_FALSE_FRIENDS_ONE_NAME, worst


def _report() -> None:  # python tests/test_translit.py
    from cstocorpus.catalog import load_catalog
    from cstocorpus.corpus import read_sources
    from cstocorpus.passages import make_passages

    ps = []
    for doc in read_sources(load_catalog(CORPUS)):
        if hasattr(doc, "parsed"):
            ps.extend(make_passages(doc.record.id, doc.parsed.blocks))
    vocab = _vocabulary(ps)
    ok = sum(len({name_key(w) for w in line.split()}) == 1 and name_key(line.split()[0]) is not None
             for line in NAME_SPELLINGS)
    spellings = sum(len(line.split()) for line in NAME_SPELLINGS)
    print(f"recall: {ok}/{len(NAME_SPELLINGS)} names, all {spellings} spellings meeting" if
          ok == len(NAME_SPELLINGS) else f"recall: {ok}/{len(NAME_SPELLINGS)} names")
    recall, precision, missed, wrong = seed_name_pairs()
    print(f"seed names: recall {recall:.3f}, precision {precision:.3f} over {len(SEED_NAMES)} names; "
          f"apart: {' '.join('/'.join(p) for p in missed)}; wrongly together: {wrong}")
    keyed = [w for w in vocab if name_key(w)]
    print(f"vocabulary: {len(vocab)} forms, {len(keyed)} keyed, "
          f"{len({name_key(w) for w in keyed})} distinct keys")
    friends = _false_friends(vocab)
    total = sum(len(v) for v in friends.values())
    print(f"false friends: {total} over {len(friends)} names "
          f"({total / len(friends):.2f} per name; rate {total / len(keyed):.5f} of keyed forms)")
    for name, words in sorted(friends.items(), key=lambda kv: -len(kv[1])):
        if words:
            print(f"  {name} [{name_key(name)}] {len(words)}: {' '.join(words[:15])}")
    forms = list(vocab)
    name_key.cache_clear()
    t = time.perf_counter()
    for w in forms:
        name_key(w)
    cold = (time.perf_counter() - t) / len(forms) * 1e6
    t = time.perf_counter()
    for w in forms:
        name_key(w)
    warm = (time.perf_counter() - t) / len(forms) * 1e6
    print(f"name_key: {cold:.1f} µs/call uncached, {warm:.2f} µs/call cached")


if __name__ == "__main__":
    sys.exit(_report())
