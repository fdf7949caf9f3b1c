// The Takt grammar: one combined lexer and parser, generated into namespace takt::grammar.
//
// How it is driven (compiler/syntax/parse.cpp): the file is lexed once (by hand, see the lexer
// section); the token list is then cut into declaration regions (a new region starts at a
// top-level declaration keyword at brace depth 0), and each region is parsed on its own with
// `declaration_region`, SLL first and full LL only when SLL fails. A syntax error therefore never spills into the
// next declaration, and the first error of a region is the only one reported.
//
// Keywords are soft: `ident` accepts every keyword wherever a name is expected (a role named
// `operator`, a reason named `break`, a report item `open holds`). Rules are written so that no
// decision is ambiguous: where a word could both continue a list and start the next clause the
// list's word rule excludes the clause keywords (see `report_word` and `step_arg`).
//
// Test steps. Newlines are not significant, so a step ends where the next one begins:
//   - a step starts with `at HH:MM`, with `expect [no]`, or with an event verb
//     (down, up, measure, release, start, confirm, complete, decide, tick, fail, acknowledge,
//     approve);
//   - after `at HH:MM` or `expect [no]` the verb is any word except `at`, `expect`, `no`
//     (`expect reject`, `expect hold lot l_17`, `at 08:00 frobnicate` for the checker to reject);
//   - arguments are words, qualified names, numbers and strings, and never `at`, `expect` or an
//     event verb: those start the next step. An argument that must be spelled like an event verb
//     is written as a string, except after `outcome`, which is always followed by the outcome's
//     name (`decide containment outcome release`).
grammar Takt;

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

declaration_region : declaration EOF ;

declaration
  : plant_header
  | module_header
  | use_decl
  | role_decl
  | shifts_decl
  | area_decl
  | item_decl
  | instruction_decl
  | routing_decl
  | control_decl
  | spc_rules_decl
  | case_decl
  | deviation_decl
  | reasons_decl
  | escalation_decl
  | recurrence_decl
  | handover_decl
  | test_decl
  ;

// ---- Header and imports ----
plant_header : K_PLANT name=ident title=text? ;
module_header : K_MODULE qualified ;
use_decl : K_USE qualified ;

// ---- Organisation ----
role_decl : K_ROLE name=ident title=text? (K_REPORTS_TO boss=ident)? ;

shifts_decl : K_SHIFTS LBRACE shift* RBRACE ;
shift : K_SHIFT name=ident from=TIME K_TO until=TIME ;

area_decl : K_AREA name=ident title=text? owner? LBRACE line_decl* RBRACE ;
line_decl : K_LINE name=ident title=text? owner? LBRACE workcenter_decl* RBRACE ;
workcenter_decl : K_WORKCENTER name=ident title=text? owner? ;

item_decl : kind=(K_MATERIAL | K_PRODUCT) name=ident title=text? K_UNIT unit ;

instruction_decl : K_INSTRUCTION name=ident title=text? K_REV integer owner? ;

// ---- Routings ----
routing_decl
  : K_ROUTING name=ident title=text? K_FOR product=ident K_REV integer owner?
    LBRACE routing_clause* RBRACE
  ;
routing_clause : confirm_clause | operation ;
confirm_clause : K_CONFIRM K_CRITICAL ;
operation : K_OP integer name=ident K_AT workcenter=ident (LBRACE op_clause* RBRACE)? ;
op_clause
  : op_instruction
  | op_consume
  | op_std_time
  | op_check
  | op_critical
  | op_on_fail
  ;
op_instruction : K_INSTRUCTION ident ;
op_consume : K_CONSUME material=ident quantity K_PER per=unit ;
op_std_time : K_STD_TIME quantity K_PER per=unit ;
op_check : K_CHECK ident ;
op_critical : K_CRITICAL ;
// Left-factored so that every decision needs one token of look-ahead: an error is then found
// at the token that is wrong, and the expected set describes that position.
op_on_fail : K_ON K_FAIL (K_REWORK target=integer (K_MAX limit=integer)? K_THEN K_SCRAP | K_SCRAP) ;

// ---- Control points ----
control_decl : K_CONTROL name=ident title=text? owner? LBRACE control_clause* RBRACE ;
control_clause
  : measure_clause
  | spec_clause
  | class_clause
  | sample_clause
  | spc_clause
  | reaction_plan
  ;
measure_clause : K_MEASURE ident K_IN unit ;
spec_clause
  : K_SPEC first=number
    ( PLUSMINUS tolerance=number
    | DOTDOT upper=number
    | PLUS plus=NUMBER MINUS minus=NUMBER
    )
  ;
class_clause : K_CLASS ident ;
sample_clause : K_SAMPLE integer K_EVERY quantity ;
spc_clause : K_SPC chart=ident K_CENTER center=number K_SIGMA sigma=number K_RULES name_list ;
reaction_plan : K_ON trigger=ident LBRACE reaction* RBRACE ;

spc_rules_decl : K_SPC_RULES name=ident title=text? LBRACE name_list? RBRACE ;

// ---- Reactions ----
reaction
  : K_HOLD K_LOT
  | K_RELEASE K_LOT
  | K_SCRAP K_LOT
  | K_STOP K_LINE
  | K_NOTIFY ident
  | K_OPEN ident
  | K_ESCALATE K_TO ident
  ;

// ---- Cases ----
case_decl : K_CASE name=ident title=text? owner? LBRACE case_clause* RBRACE ;
case_clause : decide_clause | evidence_clause | outcome | timeout_clause ;
decide_clause : K_DECIDE K_WITHIN quantity ;
evidence_clause : K_REQUIRE K_EVIDENCE name_list ;
outcome : K_OUTCOME name=ident title=text? (LBRACE reaction* RBRACE)? ;
timeout_clause : K_ON K_TIMEOUT K_ESCALATE (K_UP K_EVERY quantity | K_TO ident) ;

// ---- Deviations ----
deviation_decl : K_DEVIATION name=ident title=text? owner? LBRACE deviation_clause* RBRACE ;
deviation_clause : approve_clause | risk_clause | expires_clause ;
approve_clause : K_APPROVE K_BY approver_list ;
risk_clause : K_WHEN K_RISK level=ident K_APPROVE K_BY approver_list ;
approver_list : ident (K_AND ident)* ;
expires_clause : K_EXPIRES K_AFTER quantity (K_OR integer K_LOTS)? ;

// ---- Reason trees ----
reasons_decl : K_REASONS qualified title=text? owner? loss? LBRACE reason_decl* RBRACE ;
reason_decl : K_REASON name=ident title=text? owner? loss? (LBRACE reason_item* RBRACE)? ;
reason_item : require_clause | reason_decl ;
require_clause : K_REQUIRE name_list ;
loss : K_LOSS ident ;

// ---- Downtime rules ----
// `uncoded` is an ordinary name here; the AST builder recognises it.
escalation_decl
  : K_ESCALATION name=ident title=text? K_ON K_DOWN trigger=qualified owner? LBRACE tier* RBRACE
  ;
tier : K_AFTER quantity reaction ;

recurrence_decl
  : K_RECURRENCE name=ident title=text? K_ON K_DOWN trigger=qualified owner?
    LBRACE when_clause reaction* RBRACE
  ;
when_clause : K_WHEN integer K_TIMES K_WITHIN quantity K_PER name_list ;

handover_decl : K_HANDOVER name=ident title=text? owner? LBRACE handover_clause* RBRACE ;
handover_clause : handover_at | handover_report | handover_acknowledge ;
handover_at : K_AT K_END K_OF K_SHIFT ;
handover_report : K_REPORT report_item (COMMA report_item)* ;
handover_acknowledge : K_ACKNOWLEDGE K_BY ident (K_WITHIN quantity)? ;
report_item : report_word+ ;
// Every word but the handover clause keywords, which start the next clause.
report_word
  : ID
  | K_PLANT | K_MODULE | K_USE | K_ROLE | K_REPORTS_TO | K_SHIFTS | K_SHIFT | K_TO | K_AREA
  | K_LINE | K_WORKCENTER | K_OWNER | K_MATERIAL | K_PRODUCT | K_UNIT | K_INSTRUCTION | K_REV
  | K_ROUTING | K_FOR | K_CONFIRM | K_CRITICAL | K_OP | K_CONSUME | K_PER | K_STD_TIME
  | K_CHECK | K_ON | K_FAIL | K_REWORK | K_MAX | K_THEN | K_SCRAP | K_CONTROL | K_MEASURE | K_IN
  | K_SPEC | K_CLASS | K_SAMPLE | K_EVERY | K_SPC | K_CENTER | K_SIGMA | K_RULES | K_SPC_RULES
  | K_HOLD | K_LOT | K_RELEASE | K_STOP | K_NOTIFY | K_OPEN | K_ESCALATE | K_CASE | K_DECIDE
  | K_WITHIN | K_REQUIRE | K_EVIDENCE | K_OUTCOME | K_TIMEOUT | K_UP | K_DEVIATION | K_APPROVE
  | K_BY | K_AND | K_WHEN | K_RISK | K_EXPIRES | K_AFTER | K_OR | K_LOTS | K_REASONS | K_REASON
  | K_LOSS | K_ESCALATION | K_DOWN | K_RECURRENCE | K_TIMES | K_HANDOVER | K_END | K_OF
  | K_TEST | K_EXPECT | K_NO | K_START | K_COMPLETE | K_TICK
  ;

// ---- Tests ----
test_decl : K_TEST name=text LBRACE test_step* RBRACE ;
test_step
  : K_AT time=TIME (K_EXPECT no=K_NO? step_verb | step_verb) step_arg*
  | K_EXPECT no=K_NO? step_verb step_arg*
  | event_verb step_arg*
  ;
event_verb
  : K_DOWN | K_UP | K_MEASURE | K_RELEASE | K_START | K_CONFIRM | K_COMPLETE | K_DECIDE
  | K_TICK | K_FAIL | K_ACKNOWLEDGE | K_APPROVE
  ;
// Any word but those that introduce a step.
step_verb
  : ID
  | K_PLANT | K_MODULE | K_USE | K_ROLE | K_REPORTS_TO | K_SHIFTS | K_SHIFT | K_TO | K_AREA
  | K_LINE | K_WORKCENTER | K_OWNER | K_MATERIAL | K_PRODUCT | K_UNIT | K_INSTRUCTION | K_REV
  | K_ROUTING | K_FOR | K_CONFIRM | K_CRITICAL | K_OP | K_CONSUME | K_PER | K_STD_TIME
  | K_CHECK | K_ON | K_FAIL | K_REWORK | K_MAX | K_THEN | K_SCRAP | K_CONTROL | K_MEASURE | K_IN
  | K_SPEC | K_CLASS | K_SAMPLE | K_EVERY | K_SPC | K_CENTER | K_SIGMA | K_RULES | K_SPC_RULES
  | K_HOLD | K_LOT | K_RELEASE | K_STOP | K_NOTIFY | K_OPEN | K_ESCALATE | K_CASE | K_DECIDE
  | K_WITHIN | K_REQUIRE | K_EVIDENCE | K_OUTCOME | K_TIMEOUT | K_UP | K_DEVIATION | K_APPROVE
  | K_BY | K_AND | K_WHEN | K_RISK | K_EXPIRES | K_AFTER | K_OR | K_LOTS | K_REASONS | K_REASON
  | K_LOSS | K_ESCALATION | K_DOWN | K_RECURRENCE | K_TIMES | K_HANDOVER | K_END | K_OF
  | K_REPORT | K_ACKNOWLEDGE | K_TEST | K_START | K_COMPLETE | K_TICK
  ;
step_arg
  : K_OUTCOME outcome_name=step_verb
  | arg_word (DOT qualified_part)*
  | number
  | text
  ;
// Any word but `at`, `expect` and the event verbs.
arg_word
  : ID
  | K_PLANT | K_MODULE | K_USE | K_ROLE | K_REPORTS_TO | K_SHIFTS | K_SHIFT | K_TO | K_AREA
  | K_LINE | K_WORKCENTER | K_OWNER | K_MATERIAL | K_PRODUCT | K_UNIT | K_INSTRUCTION | K_REV
  | K_ROUTING | K_FOR | K_CRITICAL | K_OP | K_CONSUME | K_PER | K_STD_TIME
  | K_CHECK | K_ON | K_REWORK | K_MAX | K_THEN | K_SCRAP | K_CONTROL | K_IN
  | K_SPEC | K_CLASS | K_SAMPLE | K_EVERY | K_SPC | K_CENTER | K_SIGMA | K_RULES | K_SPC_RULES
  | K_HOLD | K_LOT | K_STOP | K_NOTIFY | K_OPEN | K_ESCALATE | K_CASE
  | K_WITHIN | K_REQUIRE | K_EVIDENCE | K_OUTCOME | K_TIMEOUT | K_DEVIATION
  | K_BY | K_AND | K_WHEN | K_RISK | K_EXPIRES | K_AFTER | K_OR | K_LOTS | K_REASONS | K_REASON
  | K_LOSS | K_ESCALATION | K_RECURRENCE | K_TIMES | K_HANDOVER | K_END | K_OF
  | K_REPORT | K_TEST | K_NO
  ;

// ---- Shared pieces ----
owner : K_OWNER role=ident ;
name_list : ident (COMMA ident)* ;
qualified : ident (DOT qualified_part)* ;
qualified_part : ident | NUMBER ;
// A number with an optional sign; `-0` and `+0.021` keep their text.
number : (PLUS | MINUS)? NUMBER ;
integer : NUMBER ;
quantity : number unit ;
// Units are not soft keywords: `after 10 notify x` is a missing unit, not a unit named `notify`.
unit : ID | UNIT_SYM ;
text : STRING ;

// Every keyword is usable as a name.
ident
  : ID
  | K_PLANT | K_MODULE | K_USE | K_ROLE | K_REPORTS_TO | K_SHIFTS | K_SHIFT | K_TO | K_AREA
  | K_LINE | K_WORKCENTER | K_OWNER | K_MATERIAL | K_PRODUCT | K_UNIT | K_INSTRUCTION | K_REV
  | K_ROUTING | K_FOR | K_CONFIRM | K_CRITICAL | K_OP | K_AT | K_CONSUME | K_PER | K_STD_TIME
  | K_CHECK | K_ON | K_FAIL | K_REWORK | K_MAX | K_THEN | K_SCRAP | K_CONTROL | K_MEASURE | K_IN
  | K_SPEC | K_CLASS | K_SAMPLE | K_EVERY | K_SPC | K_CENTER | K_SIGMA | K_RULES | K_SPC_RULES
  | K_HOLD | K_LOT | K_RELEASE | K_STOP | K_NOTIFY | K_OPEN | K_ESCALATE | K_CASE | K_DECIDE
  | K_WITHIN | K_REQUIRE | K_EVIDENCE | K_OUTCOME | K_TIMEOUT | K_UP | K_DEVIATION | K_APPROVE
  | K_BY | K_AND | K_WHEN | K_RISK | K_EXPIRES | K_AFTER | K_OR | K_LOTS | K_REASONS | K_REASON
  | K_LOSS | K_ESCALATION | K_DOWN | K_RECURRENCE | K_TIMES | K_HANDOVER | K_END | K_OF
  | K_REPORT | K_ACKNOWLEDGE | K_TEST | K_EXPECT | K_NO | K_START | K_COMPLETE | K_TICK
  ;

// ---------------------------------------------------------------------------------------------
// Lexer. Keyword tokens carry a K_ prefix so that they cannot collide with macros (doctest's
// CHECK and REQUIRE) wherever the generated header is included.
//
// These rules are the specification of Takt's tokens, but files are lexed by the hand-written
// lexer in compiler/syntax/tokens.cpp (the generated one cost more than half of the parse
// time). tests/unit/syntax/tokens_test.cpp runs both and requires identical tokens: a change
// here must be made there too. Keyword spellings are read from the generated vocabulary.
// ---------------------------------------------------------------------------------------------

K_PLANT : 'plant' ;
K_MODULE : 'module' ;
K_USE : 'use' ;
K_ROLE : 'role' ;
K_REPORTS_TO : 'reports_to' ;
K_SHIFTS : 'shifts' ;
K_SHIFT : 'shift' ;
K_TO : 'to' ;
K_AREA : 'area' ;
K_LINE : 'line' ;
K_WORKCENTER : 'workcenter' ;
K_OWNER : 'owner' ;
K_MATERIAL : 'material' ;
K_PRODUCT : 'product' ;
K_UNIT : 'unit' ;
K_INSTRUCTION : 'instruction' ;
K_REV : 'rev' ;
K_ROUTING : 'routing' ;
K_FOR : 'for' ;
K_CONFIRM : 'confirm' ;
K_CRITICAL : 'critical' ;
K_OP : 'op' ;
K_AT : 'at' ;
K_CONSUME : 'consume' ;
K_PER : 'per' ;
K_STD_TIME : 'std_time' ;
K_CHECK : 'check' ;
K_ON : 'on' ;
K_FAIL : 'fail' ;
K_REWORK : 'rework' ;
K_MAX : 'max' ;
K_THEN : 'then' ;
K_SCRAP : 'scrap' ;
K_CONTROL : 'control' ;
K_MEASURE : 'measure' ;
K_IN : 'in' ;
K_SPEC : 'spec' ;
K_CLASS : 'class' ;
K_SAMPLE : 'sample' ;
K_EVERY : 'every' ;
K_SPC : 'spc' ;
K_CENTER : 'center' ;
K_SIGMA : 'sigma' ;
K_RULES : 'rules' ;
K_SPC_RULES : 'spc_rules' ;
K_HOLD : 'hold' ;
K_LOT : 'lot' ;
K_RELEASE : 'release' ;
K_STOP : 'stop' ;
K_NOTIFY : 'notify' ;
K_OPEN : 'open' ;
K_ESCALATE : 'escalate' ;
K_CASE : 'case' ;
K_DECIDE : 'decide' ;
K_WITHIN : 'within' ;
K_REQUIRE : 'require' ;
K_EVIDENCE : 'evidence' ;
K_OUTCOME : 'outcome' ;
K_TIMEOUT : 'timeout' ;
K_UP : 'up' ;
K_DEVIATION : 'deviation' ;
K_APPROVE : 'approve' ;
K_BY : 'by' ;
K_AND : 'and' ;
K_WHEN : 'when' ;
K_RISK : 'risk' ;
K_EXPIRES : 'expires' ;
K_AFTER : 'after' ;
K_OR : 'or' ;
K_LOTS : 'lots' ;
K_REASONS : 'reasons' ;
K_REASON : 'reason' ;
K_LOSS : 'loss' ;
K_ESCALATION : 'escalation' ;
K_DOWN : 'down' ;
K_RECURRENCE : 'recurrence' ;
K_TIMES : 'times' ;
K_HANDOVER : 'handover' ;
K_END : 'end' ;
K_OF : 'of' ;
K_REPORT : 'report' ;
K_ACKNOWLEDGE : 'acknowledge' ;
K_TEST : 'test' ;
K_EXPECT : 'expect' ;
K_NO : 'no' ;
K_START : 'start' ;
K_COMPLETE : 'complete' ;
K_TICK : 'tick' ;

// `06:00`. Any digits are taken so that `25:00` or `6:5` reach the parser as one token and get
// a precise diagnostic instead of a confusing token error.
TIME : DIGIT+ ':' DIGIT+ ;
NUMBER : DIGIT+ ('.' DIGIT+)? ;
// `8.` lexes as NUMBER DOT; the parser driver reports it as a malformed number. (A lexer
// predicate would say it here but disables the lexer's DFA cache for every number.)
ID : [a-zA-Z_] [a-zA-Z0-9_]* ;
// Units spelled with symbols: `%`, `°C`, `µm`, `N·m`, `mm²`. A plain word unit is an ID.
UNIT_SYM
  : '%'
  | '\u2030'
  | ([a-zA-Z_] [a-zA-Z0-9_]*)? UNIT_SPECIAL ([a-zA-Z0-9_] | UNIT_SPECIAL)*
  ;
fragment UNIT_SPECIAL
  : '\u00B0' | '\u00B5' | '\u03BC' | '\u00B7' | '\u22C5' | '\u00B2' | '\u00B3' | '\u03A9'
  | '\u2126'
  ;
fragment DIGIT : [0-9] ;

STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
// No closing quote on the line: one precise diagnostic rather than a cascade of token errors.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

PLUSMINUS : '\u00B1' | '+/-' ;
PLUS : '+' ;
MINUS : '-' ;
DOTDOT : '..' ;
DOT : '.' ;
COMMA : ',' ;
LBRACE : '{' ;
RBRACE : '}' ;

// Comments stay on the hidden channel: the parser ignores them, Comments() and the doc-comment
// attachment read them. `///` is a doc comment, `////` an ordinary one.
DOC_COMMENT : '///' (~[/\r\n] ~[\r\n]*)? -> channel(HIDDEN) ;
LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF -> channel(HIDDEN) ;

WS : [ \t\r\n\f\uFEFF]+ -> skip ;

// Anything else is one invalid character; the parser reports it once.
ERROR_CHAR : . ;
