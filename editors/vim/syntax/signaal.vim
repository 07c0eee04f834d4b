" Vim syntax file for Signaal rule files (.rules).
" Language: Signaal (docs/language.md)
" Install:  editors/README.md
" The keyword lines below are kept equal to the lexer's keywords
" (compiler/lexer.l) by tests/test_editors.c; contextual words, which are
" names except in one place (`open WINDOW`, `checked DATE`, `except
" holidays`, the days of a window), are in signaalContext.

if exists("b:current_syntax")
  finish
endif

" keywords: begin
syn keyword signaalDeclaration rulebook include fact set table window group signal condition rule actor example
syn keyword signaalClause version effective source references document ask protected optional urgent from until by when unless recommend attention contact justify assumption step given expect except
syn keyword signaalType bool int text enum date datetime country
syn keyword signaalConstant true false now today undetermined
syn keyword signaalOperator and or not in is known unknown within at least of any all established
" keywords: end
syn keyword signaalContext open checked holidays good friday daily weekdays weekend mon tue wed thu fri sat sun

syn match signaalComment "#.*$" contains=signaalTodo
syn keyword signaalTodo contained TODO FIXME XXX
syn region signaalString start=+"+ skip=+\\\\\|\\"+ end=+"+ contains=signaalEscape
syn match signaalEscape contained +\\[\\"nt]+
syn match signaalDateTime "\<\d\{4}-\d\{2}-\d\{2}\(T\d\{2}:\d\{2}\(:\d\{2}\)\=\)\=\>"
syn match signaalClock "\<\d\{2}:\d\{2}\>"
syn match signaalNumber "\<-\=\d\+\>"
syn match signaalOperatorSign "!=\|<=\|>=\|\.\.\|[=<>]"

hi def link signaalDeclaration Statement
hi def link signaalClause Keyword
hi def link signaalType Type
hi def link signaalConstant Constant
hi def link signaalOperator Operator
hi def link signaalOperatorSign Operator
hi def link signaalContext Special
hi def link signaalComment Comment
hi def link signaalTodo Todo
hi def link signaalString String
hi def link signaalEscape SpecialChar
hi def link signaalDateTime Number
hi def link signaalClock Number
hi def link signaalNumber Number

let b:current_syntax = "signaal"
