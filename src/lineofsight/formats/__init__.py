"""The national formats, in and out: Ofsted's Annex A, the DfE CIN census (XML) and SSDA903 (CSV).

In: `detect_format(paths)` says what a folder or set of files holds; `convert_to_ssd(paths, out_dir)`
turns Annex A, CIN census or SSDA903 input into an SSD folder that the one loader
(lineofsight.ingest) validates and snapshots. Out: the annex_a_write, cin_xml_write and
ssda903_write modules build the returns from a snapshot.
"""

from lineofsight.formats.convert import convert_to_ssd
from lineofsight.formats.detect import FORMATS, detect_format
from lineofsight.formats.errors import FormatError
from lineofsight.formats.report import ConversionReport

__all__ = ["FORMATS", "ConversionReport", "FormatError", "convert_to_ssd", "detect_format"]
