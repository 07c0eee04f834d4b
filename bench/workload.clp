; workload.clp — the logic of bench/workload.rules in CLIPS 6.30, for
; `make bench` (bench/compare.sh), in batch mode:
;
;   clips -f2 bench/workload.clp < corpus.jsonl > lines
;
; One case a line in (JSONL), one canonical line out, the same as
; bench/handwritten.c prints (see there):
;   fired=A,B,…;undetermined=C,D,…;contact=PHONE
;
; Each case: (reset), its facts asserted as (f NAME VALUE), (run), the
; outcomes collected. Every signal, condition and rule of the rulebook is a
; defrule that waits for what it reads and asserts its truth value, as
; (v NAME T) for a signal or condition and (outcome NAME T) for a rule.
;
; Three-valued logic: CLIPS has no unknown, so a truth value is a number:
; 0 false, 1 unknown, 2 true; `and` is min, `or` is max, `not` is 2 - x,
; `established x` is 2 only for 2. A fact's VALUE is what the line gives (a
; string, an integer, true or false) or the symbol null when the line gives
; null or leaves it out; (tb VALUE) makes a bool fact's truth value.
;
; Reading JSON: CLIPS 6.30 has no JSON reader. A line of the corpus is a flat
; object of strings, integers, true, false and null, which CLIPS's own
; tokenizer (explode$) splits into "key" then either : "string" , or a symbol
; :VALUE, (or :VALUE} at the end); parse-line takes the pairs from those tokens.
; Nested values or strings with quotes inside are not handled (the corpus has
; none).

(defglobal
  ?*facts* = (create$ leeftijd nationaliteit land_eerste_asiel aangehouden_voor
    identiteitspapieren regio opmerking vaste_verblijfplaats reist_rond contact_met_ouders
    woont_bij_ouders mishandeld_of_verwaarloosd meerdere_aliassen gegevens_ouders_bekend
    volwassene_claimt_familie familierelatie_bewezen aangezet_tot_strafbare_feiten
    vermoeden_medewerker armoede_of_schulden schooluitval verslaving zwanger
    asielaanvraag_gedaan uithuisplaatsing_nodig andere_gi_beargumenteerd)
  ?*dublin* = (create$ "BE" "BG" "CY" "DK" "DE" "EE" "FI" "FR" "GR" "HU" "IE" "IT" "HR" "LV"
    "LT" "LU" "MT" "NO" "AT" "PL" "PT" "RO" "SI" "SK" "ES" "CZ" "SE" "IS" "LI" "CH")
  ?*fired* = (create$)
  ?*undetermined* = (create$)
  ?*contact* = "-")

(deffacts kantoren
  (kantoor "noord" "Raad, regio Noord" "050-1111111")
  (kantoor "oost" "Raad, regio Oost" "026-2222222")
  (kantoor "zuid" "Raad, regio Zuid" "040-3333333")
  (kantoor "west" "Raad, regio West" "070-4444444")
  (kantoor "midden" "Raad, regio Midden" "030-5555555"))

; ---- three-valued helpers -------------------------------------------------

(deffunction tb (?x)
  (if (eq ?x true) then 2 else (if (eq ?x false) then 0 else 1)))
(deffunction est (?t) (if (= ?t 2) then 2 else 0))
(deffunction in-list (?x $?set)
  (if (eq ?x null) then 1 else (if (member$ ?x ?set) then 2 else 0)))
(deffunction is-tri (?x ?y)
  (if (eq ?x null) then 1 else (if (eq ?x ?y) then 2 else 0)))
(deffunction lt-tri (?x ?n)
  (if (eq ?x null) then 1 else (if (< ?x ?n) then 2 else 0)))
(deffunction at-least (?n $?values)
  (bind ?yes 0)
  (bind ?maybe 0)
  (foreach ?t ?values
    (if (= ?t 2) then (bind ?yes (+ ?yes 1)) else (if (= ?t 1) then (bind ?maybe (+ ?maybe 1)))))
  (if (>= ?yes ?n) then 2 else (if (< (+ ?yes ?maybe) ?n) then 0 else 1)))

; ---- signals (24) -----------------------------------------------------------

(defrule s-geen-vaste-verblijfplaats (f vaste_verblijfplaats ?x)
  => (assert (v geen_vaste_verblijfplaats (- 2 (tb ?x)))))
(defrule s-rondreizend-zonder-ouders
  (f reist_rond ?r) (f contact_met_ouders ?c) (f woont_bij_ouders ?w)
  => (assert (v rondreizend_zonder_ouders (min (tb ?r) (- 2 (tb ?c)) (- 2 (est (tb ?w)))))))
(defrule s-mishandeld (f mishandeld_of_verwaarloosd ?x) => (assert (v mishandeld (tb ?x))))
(defrule s-vermogensdelict (f aangehouden_voor ?x)
  => (assert (v vermogensdelict (in-list ?x "zakkenrollerij" "ander_vermogensdelict"))))
(defrule s-papieren-niet-in-orde (f identiteitspapieren ?x)
  => (assert (v papieren_niet_in_orde (in-list ?x "geen" "vervalst"))))
(defrule s-aliassen (f meerdere_aliassen ?x) => (assert (v aliassen (tb ?x))))
(defrule s-ouders-onbekend (f gegevens_ouders_bekend ?x) => (assert (v ouders_onbekend (- 2 (tb ?x)))))
(defrule s-onbewezen-familieclaim (f volwassene_claimt_familie ?c) (f familierelatie_bewezen ?b)
  => (assert (v onbewezen_familieclaim (min (tb ?c) (- 2 (tb ?b))))))

(defrule s-armoede (f armoede_of_schulden ?x) => (assert (v armoede (tb ?x))))
(defrule s-school (f schooluitval ?x) => (assert (v school (tb ?x))))
(defrule s-verslaafd (f verslaving ?x) => (assert (v verslaafd (tb ?x))))
(defrule s-zwangerschap (f zwanger ?x) => (assert (v zwangerschap (tb ?x))))
(defrule s-jong-kind (f leeftijd ?a) => (assert (v jong_kind (lt-tri ?a 12))))
(defrule s-tiener (f leeftijd ?a)
  => (assert (v tiener (if (eq ?a null) then 1 else (if (and (>= ?a 12) (<= ?a 17)) then 2 else 0)))))
(defrule s-buiten-dublinlanden (f nationaliteit ?n)
  => (assert (v buiten_dublinlanden (min (- 2 (in-list ?n ?*dublin*)) (- 2 (is-tri ?n "NL"))))))
(defrule s-aangezet (f aangezet_tot_strafbare_feiten ?x) => (assert (v aangezet (tb ?x))))

(defrule s-vermoeden (f vermoeden_medewerker ?x) => (assert (v vermoeden (tb ?x))))
(defrule s-asiel-in-dublinland (f land_eerste_asiel ?l)
  => (assert (v asiel_in_dublinland (in-list ?l ?*dublin*))))
(defrule s-asiel (f asielaanvraag_gedaan ?x) => (assert (v asiel (tb ?x))))
(defrule s-plaatsing (f uithuisplaatsing_nodig ?x) => (assert (v plaatsing (tb ?x))))
(defrule s-opmerking-gegeven (f opmerking ?x)
  => (assert (v opmerking_gegeven (if (eq ?x null) then 0 else 2))))
(defrule s-veel-risico (g risico $?r) => (assert (v veel_risico (at-least 3 ?r))))
(defrule s-woont-thuis (f woont_bij_ouders ?w) => (assert (v woont_thuis (est (tb ?w)))))
(defrule s-nederlands (f nationaliteit ?n) => (assert (v nederlands (is-tri ?n "NL"))))

; The groups, as the list of their members' truth values.
(defrule g-doelgroep
  (v geen_vaste_verblijfplaats ?a) (v rondreizend_zonder_ouders ?b) (v mishandeld ?c)
  (v vermogensdelict ?d) (v papieren_niet_in_orde ?e) (v aliassen ?f) (v ouders_onbekend ?g)
  (v onbewezen_familieclaim ?h)
  => (assert (g doelgroep ?a ?b ?c ?d ?e ?f ?g ?h)))
(defrule g-risico
  (v armoede ?a) (v school ?b) (v verslaafd ?c) (v zwangerschap ?d) (v jong_kind ?e)
  (v tiener ?f) (v buiten_dublinlanden ?g) (v aangezet ?h)
  => (assert (g risico ?a ?b ?c ?d ?e ?f ?g ?h)))

; ---- conditions (6) ---------------------------------------------------------

(defrule c-meerderjarig (f leeftijd ?a)
  => (assert (v meerderjarig (if (and (neq ?a null) (>= ?a 18)) then 2 else 0))))
(defrule c-profiel (g doelgroep $?d) (v meerderjarig ?m)
  => (assert (v profiel (min (at-least 2 ?d) (- 2 ?m)))))
(defrule c-vermoedens (v profiel ?p) (f vermoeden_medewerker ?vm) (f aangezet_tot_strafbare_feiten ?az)
  => (assert (v vermoedens (max ?p (tb ?vm) (tb ?az)))))
(defrule c-dublinclaim-mogelijk
  (v vermoedens ?vs) (f asielaanvraag_gedaan ?as) (v asiel_in_dublinland ?ad) (f nationaliteit ?n)
  => (assert (v dublinclaim_mogelijk
               (min ?vs (tb ?as) ?ad (- 2 (in-list ?n ?*dublin*)) (- 2 (is-tri ?n "NL"))))))
(defrule c-kwetsbaar (g risico $?r) => (assert (v kwetsbaar (at-least 1 ?r))))
(defrule c-plaatsing-aan-de-orde (v vermoedens ?vs) (f uithuisplaatsing_nodig ?u) (f vaste_verblijfplaats ?va)
  => (assert (v plaatsing_aan_de_orde (min ?vs (max (tb ?u) (- 2 (tb ?va)))))))

; ---- rules (25) -------------------------------------------------------------

(defrule r-aangifte (v vermoedens ?vs) => (assert (outcome aangifte ?vs)))
(defrule r-andere-gi (v profiel ?p) (f andere_gi_beargumenteerd ?x)
  => (assert (outcome andere_gi (min ?p (tb ?x)))))
(defrule r-armoede-hulp (f armoede_of_schulden ?a) (f woont_bij_ouders ?w)
  => (assert (outcome armoede_hulp (min (tb ?a) (- 2 (tb ?w))))))
(defrule r-beschermingsonderzoek (v profiel ?p) => (assert (outcome beschermingsonderzoek ?p)))
(defrule r-dublinclaim (v dublinclaim_mogelijk ?d) => (assert (outcome dublinclaim ?d)))
(defrule r-eu-burger (v vermoedens ?vs) (f nationaliteit ?n)
  => (assert (outcome eu_burger (min ?vs (in-list ?n ?*dublin*)))))
(defrule r-familieclaim-behoedzaam (v onbewezen_familieclaim ?x)
  => (assert (outcome familieclaim_behoedzaam ?x)))
(defrule r-familieclaim-bij-plaatsing (v onbewezen_familieclaim ?x) (v plaatsing_aan_de_orde ?p)
  => (assert (outcome familieclaim_bij_plaatsing (min ?x ?p))))
(defrule r-geen-tunnelvisie (g doelgroep $?d) => (assert (outcome geen_tunnelvisie (at-least 1 ?d))))
(defrule r-identiteit-vaststellen (v papieren_niet_in_orde ?p) (f meerdere_aliassen ?a)
  => (assert (outcome identiteit_vaststellen (min ?p (tb ?a)))))
(defrule r-jonge-leeftijd (v jong_kind ?j) (f reist_rond ?r) (f contact_met_ouders ?c)
  => (assert (outcome jonge_leeftijd (min ?j (max (tb ?r) (- 2 (tb ?c)))))))
(defrule r-kwetsbaar-kind (v kwetsbaar ?k) (v profiel ?p) => (assert (outcome kwetsbaar_kind (min ?k ?p))))
(defrule r-ljr-als-gi (v profiel ?p) (f andere_gi_beargumenteerd ?x)
  => (assert (outcome ljr_als_gi (min ?p (- 2 (est (tb ?x)))))))
(defrule r-meerderjarig-geen-aanpak (v meerderjarig ?m) => (assert (outcome meerderjarig_geen_aanpak ?m)))
(defrule r-mishandeling-melden (f mishandeld_of_verwaarloosd ?x) (v meerderjarig ?m)
  => (assert (outcome mishandeling_melden (min (tb ?x) (- 2 ?m)))))
(defrule r-nederlands-kind (v vermoedens ?vs) (v nederlands ?n)
  => (assert (outcome nederlands_kind (min ?vs ?n))))
(defrule r-onderwijs (f schooluitval ?s) (f leeftijd ?a)
  => (assert (outcome onderwijs (min (tb ?s) (lt-tri ?a 18)))))
(defrule r-opmerking-lezen (v opmerking_gegeven ?o) (v vermoedens ?vs)
  => (assert (outcome opmerking_lezen (min ?o ?vs))))
(defrule r-ouders-in-netwerk
  (v vermoedens ?vs) (f woont_bij_ouders ?w) (f contact_met_ouders ?c) (f gegevens_ouders_bekend ?g)
  => (assert (outcome ouders_in_netwerk (min ?vs (tb ?w) (max (tb ?c) (- 2 (tb ?g)))))))
(defrule r-ouders-zoeken (v ouders_onbekend ?o) (f contact_met_ouders ?c)
  => (assert (outcome ouders_zoeken (min ?o (- 2 (tb ?c))))))
(defrule r-raad-bellen (v vermoedens ?vs) (v veel_risico ?r)
  => (assert (outcome raad_bellen (max ?vs ?r))))
(defrule r-veiligheidsafspraken (v plaatsing_aan_de_orde ?p) => (assert (outcome veiligheidsafspraken ?p)))
(defrule r-verslavingszorg (f verslaving ?x) (v meerderjarig ?m)
  => (assert (outcome verslavingszorg (min (tb ?x) (- 2 ?m)))))
(defrule r-vovo-overwegen (v profiel ?p) (f woont_bij_ouders ?w)
  => (assert (outcome vovo_overwegen (min ?p (- 2 (est (tb ?w)))))))
(defrule r-zwangerschap-zorg (f zwanger ?z) (v vermoedens ?vs)
  => (assert (outcome zwangerschap_zorg (min (tb ?z) ?vs))))

; The contact of raad_bellen: the table entry of the region, "?" while the
; region is unknown (the default "-": the rule did not fire).
(defrule contact-known (outcome raad_bellen 2) (f regio ?r&~null) (kantoor ?r ?naam ?telefoon)
  => (bind ?*contact* ?telefoon))
(defrule contact-unknown (outcome raad_bellen 2) (f regio null) => (bind ?*contact* "?"))

; ---- output -------------------------------------------------------------------

(defrule collect-fired (declare (salience -10)) (outcome ?n 2)
  => (bind ?*fired* (create$ ?*fired* ?n)))
(defrule collect-undetermined (declare (salience -10)) (outcome ?n 1)
  => (bind ?*undetermined* (create$ ?*undetermined* ?n)))

(deffunction name> (?a ?b) (> (str-compare ?a ?b) 0))
(deffunction join ($?names)
  (bind ?s "")
  (foreach ?n (sort name> ?names)
    (if (= ?n-index 1) then (bind ?s (str-cat ?n)) else (bind ?s (str-cat ?s "," ?n))))
  ?s)

; ---- input --------------------------------------------------------------------

; Assert (f NAME VALUE) for every fact of the rulebook, from one line.
(deffunction load-case (?line)
  (bind ?tok (explode$ ?line))
  (bind ?n (length$ ?tok))
  (bind ?keys (create$))
  (bind ?values (create$))
  (bind ?i 1)
  (while (<= ?i ?n)
    (bind ?k (nth$ ?i ?tok))
    (if (stringp ?k) then
      (bind ?next (nth$ (+ ?i 1) ?tok))
      (bind ?keys (create$ ?keys (sym-cat ?k)))
      (if (eq ?next :) then
        (bind ?values (create$ ?values (nth$ (+ ?i 2) ?tok)))
        (bind ?i (+ ?i 4))
      else
        (bind ?s (str-cat ?next))
        (bind ?values (create$ ?values (string-to-field (sub-string 2 (- (str-length ?s) 1) ?s))))
        (bind ?i (+ ?i 2)))
    else
      (bind ?i (+ ?i 1))))
  (foreach ?name ?*facts*
    (bind ?p (member$ ?name ?keys))
    (if ?p then (assert (f ?name (nth$ ?p ?values))) else (assert (f ?name null)))))

(deffunction main ()
  (bind ?line (readline))
  (while (neq ?line EOF)
    (reset)
    (load-case ?line)
    (run)
    (printout t "fired=" (join ?*fired*) ";undetermined=" (join ?*undetermined*)
      ";contact=" ?*contact* crlf)
    (bind ?line (readline))))

(main)
(exit)
