# gen_rules.awk — a synthetic rulebook of n rules for bench/run.sh (compile as
# rules grow): n/4 + 8 facts (every third an int), each rule two atoms over
# random facts (fixed seed), its own advice and citation.
#
#   awk -v n=10000 -f bench/gen_rules.awk > /tmp/syn.rules
BEGIN {
  srand(7);
  print "rulebook \"Synthetisch\" version \"1\" effective 2020-01-01 source \"bench\""
  nf = int(n / 4) + 8
  for (i = 0; i < nf; i++) printf "fact f%d: %s ask \"F%d?\"\n", i, (i % 3 == 0 ? "int" : "bool"), i
  for (i = 0; i < n; i++) {
    a = int(rand() * nf); b = int(rand() * nf);
    ca = (a % 3 == 0) ? sprintf("f%d > %d", a, int(rand() * 50)) : sprintf("f%d", a)
    cb = (b % 3 == 0) ? sprintf("f%d < %d", b, int(rand() * 50)) : sprintf("not f%d", b)
    printf "rule r%d \"R%d\" when %s and %s recommend \"advies %d\" source \"s %d\"\n", i, i, ca, cb, i, i
  }
}
