"""Streaming, hardened parse of CIN census XML into column lists (one list per field per DfE table).

Why SAX and not a tree: a large authority's census is tens of megabytes and a tree of it costs
gigabytes; the sector's tool builds a DataFrame per child and concatenates, which is what makes it
slow. Here each element's text lands straight in a column list.

Why defusedxml: a hostile file must not expand entities (billion laughs), read other files or the
network (external entities), or exhaust memory. The CIN census never uses a DTD, so any DOCTYPE is
refused outright; files over a size limit, nesting deeper than the schema, or text longer than
any census field are refused before they can grow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from lineofsight.formats.errors import FormatError

MAX_BYTES = 1 << 30  # 1 GiB: about thirty times the largest authority's census
MAX_DEPTH = 12  # the schema nests 7 deep (Message/Children/Child/CINdetails/ChildProtectionPlans/Reviews/...)
MAX_TEXT = 4096  # no census field is longer than a few dozen characters

# Record elements: each starts a row of a DfE table. Value: (table, parent record element or None).
RECORDS: dict[str, tuple[str, str | None]] = {
    "Header": ("Header", None),
    "Child": ("Child", None),
    "CINdetails": ("CINdetails", "Child"),
    "Assessments": ("Assessments", "CINdetails"),
    "CINPlanDates": ("CINPlanDates", "CINdetails"),
    "Section47": ("Section47", "CINdetails"),
    "ChildProtectionPlans": ("ChildProtectionPlans", "CINdetails"),
    "Reviews": ("Reviews", "ChildProtectionPlans"),
}

# Fields of each record, keyed by (record element, field element). Header and Child fields sit one
# level down (CollectionDetails, Source, ChildIdentifiers, ChildCharacteristics): keyed by that parent.
FIELDS: dict[str, tuple[str, ...]] = {
    "Header": ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode", "Release",
               "SerialNo", "DateTime"),
    "Child": ("LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
              "GenderCurrent", "Sex", "PersonDeathDate", "Ethnicity"),
    "CINdetails": ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate", "ReasonForClosure",
                   "DateOfInitialCPC", "ReferralNFA"),
    "Assessments": ("AssessmentActualStartDate", "AssessmentInternalReviewDate", "AssessmentAuthorisationDate",
                    "AssessmentFactors"),
    "CINPlanDates": ("CINPlanStartDate", "CINPlanEndDate"),
    "Section47": ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"),
    "ChildProtectionPlans": ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
                             "NumberOfPreviousCPP"),
    "Reviews": ("CPPreviewDate",),
}

# Grouping elements whose children are fields of the enclosing record.
GROUPS: dict[str, str] = {
    "CollectionDetails": "Header", "Source": "Header",
    "ChildIdentifiers": "Child", "ChildCharacteristics": "Child",
    "Disabilities": "Child", "FactorsIdentifiedAtAssessment": "Assessments",
}
CONTAINERS = {"Message", "Children"}
# Repeated values kept as a list per record rather than a field.
LISTS = {("Disabilities", "Disability"): "Disability", ("FactorsIdentifiedAtAssessment", "AssessmentFactors"): "AssessmentFactors"}

# (parent element, element) -> what its end means, worked out once: a field of a record, a list value, or a grouping.
FIELD, LIST_VALUE, GROUPING = 0, 1, 2
ACTIONS: dict[tuple[str, str], tuple[int, str]] = {}
for _record, _fields in FIELDS.items():
    for _parent in (_record, *(g for g, r in GROUPS.items() if r == _record)):
        for _field in _fields:
            ACTIONS[(_parent, _field)] = (FIELD, _record)
for _key, _list in LISTS.items():
    ACTIONS[_key] = (LIST_VALUE, _list)
for _group in (*GROUPS, *CONTAINERS):
    for _parent in (*RECORDS, *GROUPS, *CONTAINERS, ""):
        ACTIONS.setdefault((_parent, _group), (GROUPING, ""))


@dataclass
class Columns:
    """Column lists for one DfE table; `_no` is the row's number, `_parent` its parent's, `_line` its line."""

    fields: tuple[str, ...]
    data: dict[str, list] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("_no", "_parent", "_file", "_line", *self.fields):
            self.data[name] = []

    def append(self, no: int, parent: int | None, file_no: int, line: int, values: dict[str, str]) -> None:
        d = self.data
        d["_no"].append(no)
        d["_parent"].append(parent)
        d["_file"].append(file_no)
        d["_line"].append(line)
        for f in self.fields:
            d[f].append(values.get(f))

    def __len__(self) -> int:
        return len(self.data["_no"])


def new_tables() -> dict[str, Columns]:
    tables = {name: Columns(FIELDS[name]) for name in FIELDS}
    tables["Disabilities"] = Columns(("Disability",))
    return tables


class _Handler(ContentHandler):
    def __init__(self, tables: dict[str, Columns], file_no: int, counters: dict[str, int]) -> None:
        super().__init__()
        self.tables = tables
        self.file_no = file_no
        self.counters = counters
        self.stack: list[str] = []
        self.text: list[str] = []
        self.text_len = 0
        self.open: dict[str, tuple[int, int, dict[str, str]]] = {}  # record element -> (no, line, values)
        self.lists: dict[str, list[str]] = {}
        self.unmapped: set[str] = set()
        self.locator = None

    def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX API)
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 0

    def path(self) -> str:
        return "/".join(self.stack)

    def startElement(self, name: str, attrs) -> None:  # noqa: N802 (SAX API)
        if ":" in name:
            name = name.rpartition(":")[2]
        if not self.stack and name != "Message":
            raise FormatError("", f"root element is <{name}>, expected <Message> (a CIN census file)",
                              where=name, line=self.line())
        self.stack.append(name)
        if len(self.stack) > MAX_DEPTH:
            raise FormatError("", f"elements nest more than {MAX_DEPTH} deep; the CIN census schema never does",
                              where=self.path(), line=self.line())
        self.text.clear()
        self.text_len = 0
        if name in RECORDS:
            self.counters[name] = no = self.counters.get(name, 0) + 1
            self.open[name] = (no, self.line(), {})
            if name == "Child":
                self.lists["Disability"] = []
            elif name == "Assessments":
                self.lists["AssessmentFactors"] = []

    def characters(self, content: str) -> None:
        self.text_len += len(content)
        if self.text_len > MAX_TEXT:
            raise FormatError("", f"an element holds more than {MAX_TEXT} characters of text; no census field does",
                              where=self.path(), line=self.line())
        self.text.append(content)

    def endElement(self, name: str) -> None:  # noqa: N802 (SAX API)
        if ":" in name:
            name = name.rpartition(":")[2]
        stack = self.stack
        if name in RECORDS:
            self._close_record(name)
        else:
            action = ACTIONS.get((stack[-2] if len(stack) > 1 else "", name))
            if action is None:
                self.unmapped.add("/".join(s for s in stack[2:] if s not in ("Children",)) or name)
            elif action[0] == FIELD:
                if action[1] in self.open:
                    value = "".join(self.text).strip()
                    if value:
                        self.open[action[1]][2][name] = value
            elif action[0] == LIST_VALUE:
                value = "".join(self.text).strip()
                if value:
                    self.lists[action[1]].append(value)
        stack.pop()
        self.text.clear()
        self.text_len = 0

    def _close_record(self, name: str) -> None:
        table, parent_record = RECORDS[name]
        no, line, values = self.open.pop(name)
        parent_no = self.open[parent_record][0] if parent_record and parent_record in self.open else None
        if name == "Assessments":
            factors = self.lists.pop("AssessmentFactors", [])
            if factors:
                values["AssessmentFactors"] = ",".join(factors)
        self.tables[table].append(no, parent_no, self.file_no, line, values)
        if name == "Child":
            for d in self.lists.pop("Disability", []):
                self.counters["Disability"] = dno = self.counters.get("Disability", 0) + 1
                self.tables["Disabilities"].append(dno, no, self.file_no, line, {"Disability": d})


def parse_cin_xml(path: Path, tables: dict[str, Columns], file_no: int, counters: dict[str, int],
                  *, max_bytes: int = MAX_BYTES) -> set[str]:
    """Parse one file into `tables` (appending); return the element paths that map to nothing."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FormatError(path, f"cannot read the file ({exc.strerror})") from exc
    if size > max_bytes:
        raise FormatError(path, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for a CIN census file")
    handler = _Handler(tables, file_no, counters)
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setContentHandler(handler)
    try:
        parser.parse(str(path))
    except FormatError as exc:
        exc.file = str(path)
        raise FormatError(path, exc.message, where=exc.where, line=exc.line) from None
    except DefusedXmlException as exc:
        raise FormatError(path, f"refused: the file declares a DTD or entities ({type(exc).__name__}); "
                                "the CIN census uses neither, and expanding them is how XML bombs and "
                                "external-file reads work", where=handler.path() or None,
                          line=_line(parser)) from None
    except SAXParseException as exc:
        raise FormatError(path, f"not well-formed XML ({exc.getMessage()})", where=handler.path() or None,
                          line=exc.getLineNumber()) from None
    return handler.unmapped


def _line(parser) -> int | None:
    try:
        return parser.getLineNumber()
    except Exception:  # the parser may already be closed
        return None
