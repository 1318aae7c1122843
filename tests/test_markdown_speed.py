"""The block parser's line marks, found a line at a time, are markdown-it-py's own:
any text, same marks, same tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

from l10n.markdown import line_marks, parser, text_rule

# blanks, line ends and a few block markers: the characters the marks depend on
_TEXT = st.text(alphabet=st.sampled_from([" ", "\t", "\n", "a", ">", "-", "1", ".", "#", "\u3000"]))


@given(_TEXT)
@settings(max_examples=500, deadline=None)
def test_line_marks_are_markdown_its(src: str) -> None:
    state = StateBlock(src, MarkdownIt("commonmark"), {}, [])
    assert line_marks(src) == (state.bMarks, state.eMarks, state.tShift, state.sCount)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_tokens_are_markdown_its(src: str) -> None:
    ours = parser()
    plain = MarkdownIt("commonmark", {"store_labels": True}).enable("table")
    plain.inline.ruler.at("text", text_rule)  # the block parser alone differs
    assert [t.as_dict() for t in ours.parse(src)] == [t.as_dict() for t in plain.parse(src)]
    assert ours.render(src) == plain.render(src)


def test_a_last_line_of_blanks_is_no_line() -> None:
    # markdown-it-py's quirk, kept: "  " after the last LF is not a line, "  x" is
    assert line_marks("a\n  ") == ([0, 4], [1, 4], [0, 0], [0, 0])
    assert line_marks("a\n\tx") == ([0, 2, 4], [1, 4, 4], [0, 1, 0], [0, 4, 0])
