" Signaal rule files (.rules) — editors/README.md
autocmd BufRead,BufNewFile *.rules setfiletype signaal
