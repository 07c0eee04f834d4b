-- workload.lua — the logic of bench/workload.rules in Lua 5.4 with lua-cjson,
-- for `make bench` (bench/compare.sh):
--
--   lua5.4 bench/workload.lua < corpus.jsonl > lines
--
-- One case a line in (JSONL), one canonical line out, the same as
-- bench/handwritten.c prints (see there):
--   fired=A,B,…;undetermined=C,D,…;contact=PHONE
--
-- Three-valued logic: Lua has two truth values and nil, and nil does not
-- survive `and`/`or` as Kleene's unknown would, so a truth value is a number:
-- 0 false, 1 unknown, 2 true; `and` is the minimum, `or` the maximum, `not`
-- is 2 - x, `established x` is 2 only for 2. JSON null (cjson.null) and an
-- absent key are unknown.
local cjson = require("cjson")
local null = cjson.null
local decode = cjson.decode

local F, U, T = 0, 1, 2
local function AND(a, b) if a < b then return a end return b end
local function OR(a, b) if a > b then return a end return b end
local function NOT(a) return 2 - a end
local function EST(a) if a == T then return T end return F end

local function bool(v)
  if v == nil or v == null then return U end
  if v == true then return T end
  if v == false then return F end
  error("a bool fact expects true, false or null")
end

-- At least n of the values in list are true (Kleene counting).
local function at_least(n, list)
  local yes, maybe = 0, 0
  for i = 1, #list do
    local v = list[i]
    if v == T then yes = yes + 1 elseif v == U then maybe = maybe + 1 end
  end
  if yes >= n then return T end
  if yes + maybe < n then return F end
  return U
end

local dublinlanden = {}
for _, c in ipairs({ "BE", "BG", "CY", "DK", "DE", "EE", "FI", "FR", "GR", "HU", "IE", "IT",
  "HR", "LV", "LT", "LU", "MT", "NO", "AT", "PL", "PT", "RO", "SI", "SK", "ES", "CZ", "SE",
  "IS", "LI", "CH" }) do
  dublinlanden[c] = true
end
local kantoren = {
  noord = { naam = "Raad, regio Noord", telefoon = "050-1111111" },
  oost = { naam = "Raad, regio Oost", telefoon = "026-2222222" },
  zuid = { naam = "Raad, regio Zuid", telefoon = "040-3333333" },
  west = { naam = "Raad, regio West", telefoon = "070-4444444" },
  midden = { naam = "Raad, regio Midden", telefoon = "030-5555555" },
}

-- The rules in byte order of their names, the order of the output.
local names = { "aangifte", "andere_gi", "armoede_hulp", "beschermingsonderzoek", "dublinclaim",
  "eu_burger", "familieclaim_behoedzaam", "familieclaim_bij_plaatsing", "geen_tunnelvisie",
  "identiteit_vaststellen", "jonge_leeftijd", "kwetsbaar_kind", "ljr_als_gi",
  "meerderjarig_geen_aanpak", "mishandeling_melden", "nederlands_kind", "onderwijs",
  "opmerking_lezen", "ouders_in_netwerk", "ouders_zoeken", "raad_bellen",
  "veiligheidsafspraken", "verslavingszorg", "vovo_overwegen", "zwangerschap_zorg" }

local function known(v) return v ~= nil and v ~= null end
local function tri(is_known, holds)
  if not is_known then return U end
  if holds then return T end
  return F
end

local function evaluate(c)
  local vaste, reist, contact, woont = bool(c.vaste_verblijfplaats), bool(c.reist_rond),
    bool(c.contact_met_ouders), bool(c.woont_bij_ouders)
  local mishandeld, aliassen, gegevens = bool(c.mishandeld_of_verwaarloosd),
    bool(c.meerdere_aliassen), bool(c.gegevens_ouders_bekend)
  local claimt, bewezen, aangezet = bool(c.volwassene_claimt_familie),
    bool(c.familierelatie_bewezen), bool(c.aangezet_tot_strafbare_feiten)
  local vermoeden, armoede, school = bool(c.vermoeden_medewerker), bool(c.armoede_of_schulden),
    bool(c.schooluitval)
  local verslaving, zwanger, asiel = bool(c.verslaving), bool(c.zwanger), bool(c.asielaanvraag_gedaan)
  local uithuis, andere_gi = bool(c.uithuisplaatsing_nodig), bool(c.andere_gi_beargumenteerd)
  local leeftijd, nat, land = c.leeftijd, c.nationaliteit, c.land_eerste_asiel
  local age_known, nat_known, land_known = known(leeftijd), known(nat), known(land)
  local arrest, papers = c.aangehouden_voor, c.identiteitspapieren

  local nat_in_dublin = tri(nat_known, dublinlanden[nat])
  local nat_nl = tri(nat_known, nat == "NL")
  local familieclaim = AND(claimt, NOT(bewezen))
  local papieren = tri(known(papers), papers == "geen" or papers == "vervalst")
  local ouders_onbekend = NOT(gegevens)
  local doelgroep = {
    NOT(vaste),
    AND(AND(reist, NOT(contact)), NOT(EST(woont))),
    mishandeld,
    tri(known(arrest), arrest == "zakkenrollerij" or arrest == "ander_vermogensdelict"),
    papieren,
    aliassen,
    ouders_onbekend,
    familieclaim,
  }
  local jong = tri(age_known, age_known and leeftijd < 12)
  local risico = {
    armoede, school, verslaving, zwanger, jong,
    tri(age_known, age_known and leeftijd >= 12 and leeftijd <= 17),
    AND(NOT(nat_in_dublin), NOT(nat_nl)),
    aangezet,
  }
  local veel_risico = at_least(3, risico)
  local meerderjarig = (age_known and leeftijd >= 18) and T or F
  local profiel = AND(at_least(2, doelgroep), NOT(meerderjarig))
  local vermoedens = OR(OR(profiel, vermoeden), aangezet)
  local asiel_in_dublin = tri(land_known, dublinlanden[land])
  local dublin = AND(AND(AND(AND(vermoedens, asiel), asiel_in_dublin), NOT(nat_in_dublin)), NOT(nat_nl))
  local kwetsbaar = at_least(1, risico)
  local plaatsing = AND(vermoedens, OR(uithuis, NOT(vaste)))

  return {
    vermoedens,                                          -- aangifte
    AND(profiel, andere_gi),                             -- andere_gi
    AND(armoede, NOT(woont)),                            -- armoede_hulp
    profiel,                                             -- beschermingsonderzoek
    dublin,                                              -- dublinclaim
    AND(vermoedens, nat_in_dublin),                      -- eu_burger
    familieclaim,                                        -- familieclaim_behoedzaam
    AND(familieclaim, plaatsing),                        -- familieclaim_bij_plaatsing
    at_least(1, doelgroep),                              -- geen_tunnelvisie
    AND(papieren, aliassen),                             -- identiteit_vaststellen
    AND(jong, OR(reist, NOT(contact))),                  -- jonge_leeftijd
    AND(kwetsbaar, profiel),                             -- kwetsbaar_kind
    AND(profiel, NOT(EST(andere_gi))),                   -- ljr_als_gi
    meerderjarig,                                        -- meerderjarig_geen_aanpak
    AND(mishandeld, NOT(meerderjarig)),                  -- mishandeling_melden
    AND(vermoedens, nat_nl),                             -- nederlands_kind
    AND(school, tri(age_known, age_known and leeftijd < 18)), -- onderwijs
    AND(known(c.opmerking) and T or F, vermoedens),      -- opmerking_lezen
    AND(AND(vermoedens, woont), OR(contact, NOT(gegevens))), -- ouders_in_netwerk
    AND(ouders_onbekend, NOT(contact)),                  -- ouders_zoeken
    OR(vermoedens, veel_risico),                         -- raad_bellen
    plaatsing,                                           -- veiligheidsafspraken
    AND(verslaving, NOT(meerderjarig)),                  -- verslavingszorg
    AND(profiel, NOT(EST(woont))),                       -- vovo_overwegen
    AND(zwanger, vermoedens),                            -- zwangerschap_zorg
  }
end

local out = io.stdout
out:setvbuf("full")
local concat = table.concat
for line in io.lines() do
  local c = decode(line)
  local rule = evaluate(c)
  local fired, undetermined = {}, {}
  for i = 1, #names do
    local v = rule[i]
    if v == T then fired[#fired + 1] = names[i] elseif v == U then undetermined[#undetermined + 1] = names[i] end
  end
  local contact = "-"
  if rule[21] == T then
    local regio = c.regio
    if known(regio) then contact = kantoren[regio].telefoon else contact = "?" end
  end
  out:write("fired=", concat(fired, ","), ";undetermined=", concat(undetermined, ","),
    ";contact=", contact, "\n")
end
