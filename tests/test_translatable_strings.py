"""No user-facing string outside the translation machinery: a lint step over the Python code and the templates.

Python: the strings that reach a person through messages, refusals and forms (`messages.*`, `ValidationError`,
`PermissionDenied`, `Http404`, `HttpResponseBadRequest`, and the `verbose_name`, `label`, `help_text`,
`empty_label`, `description` arguments) must be wrapped in gettext, not written as literals.

Templates: text between tags, and the attributes a person reads or hears (`title`, `alt`, `placeholder`,
`aria-label`), must be inside `{% translate %}` or `{% blocktranslate %}`, or come from a variable. A short list of
words stays the same in every language (names of standards and formats, the app's name).
"""

import ast
import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("hivos_qm", "producers", "standards", "cycles")
# Code a person never reads through the app: migrations (frozen), the commands and demo data an operator runs, and
# the benchmarks' synthetic records.
NOT_USER_FACING = ("migrations", "management", "demo", "bench")

CALLS = {"ValidationError", "PermissionDenied", "Http404", "HttpResponseBadRequest", "SuspiciousOperation"}
MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error", "add_message"}
KEYWORDS = {"verbose_name", "verbose_name_plural", "label", "help_text", "empty_label", "description"}

# Words that are the same in every language: names, formats, units and the app's own name.
ALLOWED_WORDS = {
    "hivos-qm",
    "hivos",
    # The HTTP header an API token is sent in ("Authorization: Token …"): protocol, not prose.
    "authorization",
    "token",
    "fairtrade",
    "globalg.a.p.",
    "csv",
    "pdf",
    "excel",
    "xlsx",
    "json",
    "xml",
    "ics",
    "gps",
    "iati",
    "odk",
    "kobotoolbox",
    "kg",
    "ha",
    "kg/ha",
    "id",
    "v",
    "totp",
    "qr",
    "english",
    "kiswahili",
}
LETTERS = re.compile(r"[^\W\d_]{2,}")


def _python_files() -> list[Path]:
    return [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if not set(path.relative_to(ROOT).parts) & set(NOT_USER_FACING)
    ]


def _is_literal_text(node: ast.expr | None) -> bool:
    """A string a person would read, written in the code rather than asked of gettext."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_literal_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_literal_text(node.left)
    return False


def _call_name(node: ast.Call) -> tuple[str, str]:
    """The called name and, for an attribute, the object's name: ("error", "messages")."""
    if isinstance(node.func, ast.Name):
        return node.func.id, ""
    if isinstance(node.func, ast.Attribute):
        owner = node.func.value
        return node.func.attr, owner.id if isinstance(owner, ast.Name) else ""
    return "", ""


def python_findings(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name, owner = _call_name(node)
        texts: list[ast.expr] = []
        if name in CALLS and node.args:
            texts.append(node.args[0])
        if owner == "messages" and name in MESSAGE_FUNCTIONS:
            texts.extend(node.args[1:3] if name == "add_message" else node.args[1:2])
        texts.extend(keyword.value for keyword in node.keywords if keyword.arg in KEYWORDS)
        found += [f"{path.relative_to(root)}:{text.lineno}" for text in texts if _is_literal_text(text)]
    return found


# --- Templates ---------------------------------------------------------------------------------------------------

HOLE = "\x00"
SKIPPED_ELEMENTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
READ_ATTRIBUTES = re.compile(r"""\b(?:title|alt|placeholder|aria-label)\s*=\s*(["'])(.*?)\1""", re.S | re.I)
ENTITY = re.compile(r"&[#\w]+;")
BLOCK_START = re.compile(r"^(blocktranslate|blocktrans|comment|verbatim)\b")


def _template_files() -> list[Path]:
    folders = [ROOT / "templates", *(ROOT / package / "templates" for package in PACKAGES)]
    return sorted(path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file())


def _without_translated(source: str) -> str:
    """The template with every tag, variable, comment and translated block turned into a hole."""
    out: list[str] = []
    closing = ""
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = ""
            continue
        if token.token_type == TokenType.TEXT:
            out.append(token.contents)
            continue
        out.append(HOLE)
        if token.token_type == TokenType.BLOCK and (start := BLOCK_START.match(token.contents)):
            closing = "end" + start.group(1)
    return "".join(out)


def _words_outside(text: str) -> list[str]:
    """The runs of text between holes that hold a word not on the allowed list."""
    chunks = [chunk.strip() for chunk in ENTITY.sub(" ", text).split(HOLE)]
    return [
        chunk
        for chunk in chunks
        if any(
            LETTERS.search(word) and word.strip(".,;:()[]·–—+%!?\"'").lower() not in ALLOWED_WORDS
            for word in chunk.split()
        )
    ]


def template_findings(path: Path, root: Path = ROOT) -> list[str]:
    if path.suffix not in {".html", ".txt"}:
        return []
    text = _without_translated(path.read_text(encoding="utf-8"))
    text = HTML_COMMENT.sub(HOLE, SKIPPED_ELEMENTS.sub(HOLE, text))
    found = [value for _quote, value in READ_ATTRIBUTES.findall(text) if _words_outside(value)]
    found += _words_outside(TAG.sub(HOLE, text))
    return [f"{path.relative_to(root)}: {snippet[:80]!r}" for snippet in found]


# --- The tests ----------------------------------------------------------------------------------------------------


def test_the_lint_reads_the_code_and_the_templates() -> None:
    # Guards the checks themselves: a wrong ROOT would read nothing and pass.
    assert len(_python_files()) > 100
    assert len(_template_files()) > 80


def test_the_lint_finds_what_it_is_meant_to_find(tmp_path: Path) -> None:
    code = tmp_path / "views.py"
    code.write_text(
        "messages.error(request, 'Not saved.')\n"
        "raise ValidationError(f'{name} is taken')\n"
        "field = forms.CharField(label='Name', help_text=_('Fine'))\n"
        "raise PermissionDenied(_('Fine'))\n"
    )
    assert [finding.rsplit(":", 1)[1] for finding in python_findings(code, tmp_path)] == ["1", "2", "3"]
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Fine" %}</h1><p title="Left out">{{ value }} Left out</p>'
        "{% blocktranslate %}Fine {{ x }} too{% endblocktranslate %}{# fine #}<style>p{}</style> · Fairtrade"
    )
    assert [finding.split(": ", 1)[1] for finding in template_findings(page, tmp_path)] == ["'Left out'", "'Left out'"]


def test_no_user_facing_string_in_python_is_left_out_of_gettext() -> None:
    found = [finding for path in _python_files() for finding in python_findings(path)]
    assert found == [], "Wrap these in gettext / gettext_lazy:\n" + "\n".join(found)


def test_no_text_in_templates_is_left_out_of_translate() -> None:
    found = [finding for path in _template_files() for finding in template_findings(path)]
    assert found == [], "Put these in {% translate %} or {% blocktranslate %}:\n" + "\n".join(found)
