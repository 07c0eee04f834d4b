# workload.jq — the logic of bench/workload.rules in jq, for `make bench`
# (bench/compare.sh):
#
#   jq -r -f bench/workload.jq < corpus.jsonl > lines
#
# One case a line in (JSONL), one canonical line out, the same as
# bench/handwritten.c prints (see there):
#   fired=A,B,…;undetermined=C,D,…;contact=PHONE
#
# Three-valued logic: jq's null is falsy and `and`/`or` give booleans, so
# unknown cannot ride on them. A truth value is a number: 0 false, 1 unknown,
# 2 true; `and` is the minimum, `or` the maximum, `not` is 2 - x,
# `established x` is 2 only for 2. A fact that is null or absent is unknown.

def AND($a; $b): if $a < $b then $a else $b end;
def OR($a; $b): if $a > $b then $a else $b end;
def NOT($a): 2 - $a;
def EST($a): if $a == 2 then 2 else 0 end;
def tri($known; $holds): if $known | not then 1 elif $holds then 2 else 0 end;
def bool: if . == null then 1 elif . == true then 2 elif . == false then 0
  else error("a bool fact expects true, false or null") end;
# At least $n of the values of the array are true (Kleene counting).
def at_least($n): (map(select(. == 2)) | length) as $yes
  | (map(select(. == 1)) | length) as $maybe
  | if $yes >= $n then 2 elif $yes + $maybe < $n then 0 else 1 end;

def dublinlanden: {"BE":1, "BG":1, "CY":1, "DK":1, "DE":1, "EE":1, "FI":1, "FR":1, "GR":1,
  "HU":1, "IE":1, "IT":1, "HR":1, "LV":1, "LT":1, "LU":1, "MT":1, "NO":1, "AT":1, "PL":1,
  "PT":1, "RO":1, "SI":1, "SK":1, "ES":1, "CZ":1, "SE":1, "IS":1, "LI":1, "CH":1};
def kantoren: {"noord": {"naam": "Raad, regio Noord", "telefoon": "050-1111111"},
  "oost": {"naam": "Raad, regio Oost", "telefoon": "026-2222222"},
  "zuid": {"naam": "Raad, regio Zuid", "telefoon": "040-3333333"},
  "west": {"naam": "Raad, regio West", "telefoon": "070-4444444"},
  "midden": {"naam": "Raad, regio Midden", "telefoon": "030-5555555"}};

. as $c
| ($c.vaste_verblijfplaats | bool) as $vaste
| ($c.reist_rond | bool) as $reist
| ($c.contact_met_ouders | bool) as $contact
| ($c.woont_bij_ouders | bool) as $woont
| ($c.mishandeld_of_verwaarloosd | bool) as $mishandeld
| ($c.meerdere_aliassen | bool) as $aliassen
| ($c.gegevens_ouders_bekend | bool) as $gegevens
| ($c.volwassene_claimt_familie | bool) as $claimt
| ($c.familierelatie_bewezen | bool) as $bewezen
| ($c.aangezet_tot_strafbare_feiten | bool) as $aangezet
| ($c.vermoeden_medewerker | bool) as $vermoeden
| ($c.armoede_of_schulden | bool) as $armoede
| ($c.schooluitval | bool) as $school
| ($c.verslaving | bool) as $verslaving
| ($c.zwanger | bool) as $zwanger
| ($c.asielaanvraag_gedaan | bool) as $asiel
| ($c.uithuisplaatsing_nodig | bool) as $uithuis
| ($c.andere_gi_beargumenteerd | bool) as $andere_gi
| $c.leeftijd as $age | ($age != null) as $age_known
| $c.nationaliteit as $nat | ($nat != null) as $nat_known
| $c.land_eerste_asiel as $land
| $c.aangehouden_voor as $arrest
| $c.identiteitspapieren as $papers
| tri($nat_known; $nat_known and dublinlanden[$nat] != null) as $nat_in_dublin
| tri($nat_known; $nat == "NL") as $nat_nl
| AND($claimt; NOT($bewezen)) as $familieclaim
| tri($papers != null; $papers == "geen" or $papers == "vervalst") as $papieren
| NOT($gegevens) as $ouders_onbekend
| tri($age_known; $age_known and $age < 12) as $jong
| [NOT($vaste),
   AND(AND($reist; NOT($contact)); NOT(EST($woont))),
   $mishandeld,
   tri($arrest != null; $arrest == "zakkenrollerij" or $arrest == "ander_vermogensdelict"),
   $papieren, $aliassen, $ouders_onbekend, $familieclaim] as $doelgroep
| [$armoede, $school, $verslaving, $zwanger, $jong,
   tri($age_known; $age_known and $age >= 12 and $age <= 17),
   AND(NOT($nat_in_dublin); NOT($nat_nl)),
   $aangezet] as $risico
| ($risico | at_least(3)) as $veel_risico
| (if $age_known and $age >= 18 then 2 else 0 end) as $meerderjarig
| AND($doelgroep | at_least(2); NOT($meerderjarig)) as $profiel
| OR(OR($profiel; $vermoeden); $aangezet) as $vermoedens
| tri($land != null; $land != null and dublinlanden[$land] != null) as $asiel_in_dublin
| AND(AND(AND(AND($vermoedens; $asiel); $asiel_in_dublin); NOT($nat_in_dublin)); NOT($nat_nl))
  as $dublin
| ($risico | at_least(1)) as $kwetsbaar
| AND($vermoedens; OR($uithuis; NOT($vaste))) as $plaatsing
# The rules in byte order of their names, the order of the output.
| [["aangifte", $vermoedens],
   ["andere_gi", AND($profiel; $andere_gi)],
   ["armoede_hulp", AND($armoede; NOT($woont))],
   ["beschermingsonderzoek", $profiel],
   ["dublinclaim", $dublin],
   ["eu_burger", AND($vermoedens; $nat_in_dublin)],
   ["familieclaim_behoedzaam", $familieclaim],
   ["familieclaim_bij_plaatsing", AND($familieclaim; $plaatsing)],
   ["geen_tunnelvisie", ($doelgroep | at_least(1))],
   ["identiteit_vaststellen", AND($papieren; $aliassen)],
   ["jonge_leeftijd", AND($jong; OR($reist; NOT($contact)))],
   ["kwetsbaar_kind", AND($kwetsbaar; $profiel)],
   ["ljr_als_gi", AND($profiel; NOT(EST($andere_gi)))],
   ["meerderjarig_geen_aanpak", $meerderjarig],
   ["mishandeling_melden", AND($mishandeld; NOT($meerderjarig))],
   ["nederlands_kind", AND($vermoedens; $nat_nl)],
   ["onderwijs", AND($school; tri($age_known; $age_known and $age < 18))],
   ["opmerking_lezen", AND(if $c.opmerking != null then 2 else 0 end; $vermoedens)],
   ["ouders_in_netwerk", AND(AND($vermoedens; $woont); OR($contact; NOT($gegevens)))],
   ["ouders_zoeken", AND($ouders_onbekend; NOT($contact))],
   ["raad_bellen", OR($vermoedens; $veel_risico)],
   ["veiligheidsafspraken", $plaatsing],
   ["verslavingszorg", AND($verslaving; NOT($meerderjarig))],
   ["vovo_overwegen", AND($profiel; NOT(EST($woont)))],
   ["zwangerschap_zorg", AND($zwanger; $vermoedens)]] as $rules
| "fired=" + ([$rules[] | select(.[1] == 2) | .[0]] | join(","))
  + ";undetermined=" + ([$rules[] | select(.[1] == 1) | .[0]] | join(","))
  + ";contact=" + (if OR($vermoedens; $veel_risico) != 2 then "-"
                   elif $c.regio == null then "?"
                   else kantoren[$c.regio].telefoon end)
