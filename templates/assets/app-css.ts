import { palette } from './palette';

/** The staff pages' stylesheet, served from /app/assets/app.css (the policy allows no inline style). */
export const appCss = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans","Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#1b1b1b;background:#f6f7f9}
a{color:#0b4f9c}
.skip{position:absolute;left:-9999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.4rem;z-index:10}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.6rem 1rem;background:#8b1a1a;color:#fff}
.top a,.top .link{color:#fff}
.brand{font-weight:700;text-decoration:none;font-size:1.05rem}
.top nav ul{display:flex;flex-wrap:wrap;gap:.2rem 1rem;list-style:none;margin:0;padding:0}
.top .nav-count{background:#fff2c6;color:#111;margin-left:.2rem;font-weight:700}
.account{margin-left:auto;display:flex;gap:.8rem;align-items:center;flex-wrap:wrap}
.who{opacity:.85;font-size:.9rem}
main{max-width:72rem;margin:0 auto;padding:1rem}
main.link-page{max-width:46rem}
.link-page h2{border-top:1px solid #d8dbe0;padding-top:1rem;margin-top:1.6rem}
.link-page fieldset{margin:.8rem 0;background:#fff}
.link-page form button{margin-top:.8rem}
h1{font-size:1.4rem;margin:.4rem 0 1rem}h2{font-size:1.15rem;margin-top:1.6rem}
.card{background:#fff;border:1px solid #d8dbe0;border-radius:6px;padding:1rem;margin:0 0 1rem}
.inline{display:inline}
button,.button{font:inherit;padding:.5rem 1rem;border-radius:4px;border:1px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#fff;color:#0b4f9c}
button.danger{background:#fff;color:#a11;border-color:#a11}
button.link{background:none;border:none;padding:0;text-decoration:underline;cursor:pointer}
button.small{padding:.2rem .5rem;font-size:.85rem}
button[disabled]{opacity:.6;cursor:progress}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
input[type=text],input[type=date],input[type=search],input[type=email],input[type=number],textarea,select{width:100%;font:inherit;padding:.45rem;border:1px solid ${palette.inputBorder};border-radius:4px;background:#fff}
textarea{min-height:5rem}
:focus-visible{outline:3px solid ${palette.focus};outline-offset:2px}
.field-error{color:#a11;margin:.2rem 0 0;font-size:.92rem}
[aria-invalid=true]{border-color:#a11}
.notice{background:#eaf6ea;border:1px solid #7a7;padding:.6rem;border-radius:4px}
.errors{background:#fdeeee;border:1px solid #c77;padding:.6rem;border-radius:4px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e1e3e6;padding:.45rem .5rem;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600}
td{overflow-wrap:break-word}
.link-page table{display:block;overflow-x:auto}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;background:#e5e8ec;font-size:.85rem;white-space:nowrap}
.badge.pending_signature{background:#fff2c6}.badge.issued{background:#d9f0dd}.badge.returned{background:#fbdada}.badge.signed{background:#dbe8fb}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}
.row-actions{display:flex;flex-wrap:wrap;gap:.3rem}
.split{display:grid;grid-template-columns:1fr;gap:1rem}
@media (min-width:900px){.split{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.pdf{width:100%;height:70vh;border:1px solid #ccc;background:#fff}
progress{width:100%;height:1.2rem}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.meta.card{margin-bottom:1rem}
.meta dt{font-weight:600}.meta dd{margin:0}
.meta progress{width:12rem;max-width:60%;vertical-align:middle}
.reject-form{margin-top:.4rem}.reject-form label{font-weight:400;font-size:.9rem}
.users{list-style:none;padding:0;display:grid;gap:.5rem}
.users button{width:100%;text-align:left;background:#fff;color:#1b1b1b;border-color:#bbb}
.users small{display:block;color:#555}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.filters label{margin:0}
.muted{color:#555}
.button.secondary{background:#fff;color:#0b4f9c}
.card>h2:first-child,.card>h3:first-child{margin-top:0}
.pre,.requirements li{white-space:pre-line}
fieldset{border:1px solid #d8dbe0;border-radius:6px;min-width:0}
fieldset.card legend{font-weight:700;padding:0 .3rem}
fieldset.row{margin:.6rem 0;padding:.4rem .8rem}
.checks{list-style:none;margin:0;padding:0}
.checks li{margin:.15rem 0}
label.check{font-weight:400;display:flex;gap:.5rem;align-items:flex-start;margin:.2rem 0}
label.check input{margin-top:.3rem}
.scroll{max-height:18rem;overflow-y:auto;border:1px solid #e1e3e6;padding:.3rem;margin-top:.4rem}
.grid2,.grid3{display:grid;grid-template-columns:1fr;gap:0 1rem}
@media (min-width:600px){.grid2{grid-template-columns:1fr 1fr}.grid3{grid-template-columns:1fr 1fr 1fr}}
.sticky{position:sticky;bottom:0;background:#f6f7f9;padding:.6rem 0;border-top:1px solid #d8dbe0}
.preview-pane{position:sticky;top:0;align-self:start}
[hidden]{display:none!important}
.bars{display:grid;gap:.35rem}
.bar{display:grid;grid-template-columns:minmax(6rem,9rem) 1fr 4.5rem;gap:.5rem;align-items:center}
.bar-count{text-align:right;font-variant-numeric:tabular-nums}
.bar.overdue .bar-label,.bar.overdue .bar-count{color:#a11;font-weight:600}
.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(8rem,1fr));gap:.5rem;margin:0 0 1rem}
.count{background:#fff;border:1px solid #d8dbe0;border-radius:6px;padding:.5rem .7rem}
.count dt{font-size:.85rem;color:#555}.count dd{margin:0;font-size:1.5rem;font-weight:700}
.count.alert{border-color:#a11}.count.alert dd{color:#a11}
.counts+.counts{margin-top:-.5rem}
.nowrap{white-space:nowrap}
.chart{margin:0}.chart-svg{width:100%;height:auto;display:block}
.legend .key{display:inline-block;width:1.4rem;height:.25rem;vertical-align:middle;margin-left:.6rem}
.key.ack{background:#0b4f9c}.key.rep{background:#2a8a3a}
.row-overdue td{background:#fdf1f1}
@media (max-width:600px){
table.stack thead{position:absolute;left:-9999px}
table.stack tr{display:block;border-bottom:2px solid #d8dbe0;padding:.4rem 0}
table.stack td{display:block;border:none;padding:.15rem .5rem}
table.stack td[data-label]::before{content:attr(data-label) ": ";font-weight:600}
.bar{grid-template-columns:6.5rem 1fr 3.5rem}
.counts{grid-template-columns:repeat(2,minmax(0,1fr));gap:.35rem}.counts+.counts{margin-top:-.65rem}
.count{display:flex;justify-content:space-between;align-items:baseline;gap:.3rem;padding:.3rem .5rem}.count dd{font-size:1.15rem}
}
.badge.overdue{background:#f6c9c9}.badge.reported{background:#d9f0dd}.badge.acknowledged{background:#dbe8fb}
/* The dispatch form (issue 14): the recipient picker as one widget, spare rows folded, every invalid
   control outlined, the error summary, and the sticky button bar never over the focused field. */
.picker-count{margin:.2rem 0 .4rem;font-size:1.05rem}
.picker-groups{display:grid;gap:.5rem;margin-top:.5rem}
.picker-group{border:1px solid #d8dbe0;border-radius:6px;padding:.3rem .6rem;background:#fbfbfc}
.picker-group .group-all{font-weight:600}
.picker-units>summary,.more-rows>summary{cursor:pointer;padding:.3rem 0;color:#0b4f9c}
.picker-units>summary .badge{color:#1b1b1b}
.picker-units .checks{max-height:18rem;overflow-y:auto;border-top:1px solid #e1e3e6;padding:.3rem 0}
.more-rows{margin-top:.4rem}
input[aria-invalid=true],select[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #a11;box-shadow:inset 0 0 0 1px #a11}
input[type=checkbox][aria-invalid=true]{box-shadow:0 0 0 2px #a11}
fieldset.invalid{border:2px solid #a11}
.error-summary{margin:0 0 1rem;padding:.8rem 1rem;border:2px solid #a11}
.error-summary h2{margin:0 0 .3rem;font-size:1.1rem;color:#8a0f0f}
.error-summary ul{margin:.3rem 0 0;padding-left:1.2rem}
.error-summary a{color:#8a0f0f;font-weight:600}
.error-summary:focus{outline:3px solid #1b1b1b;outline-offset:2px}
html:has(#dispatch-form){scroll-padding-bottom:6rem}
#dispatch-form :is(input,select,textarea,summary){scroll-margin-bottom:6rem}
@media (max-width:600px){#dispatch-form .actions.sticky{position:static}}
/* List search (issue 14): the box takes the width it needs; the dates sit together; at 360 px every control is full width. */
.search-filters{align-items:flex-start}
.search-filters>div,.search-filters>fieldset{flex:1 1 10rem;min-width:0}
.search-filters .search-q{flex:3 1 18rem}
.search-filters .search-hint{margin:.2rem 0 0;font-size:.85rem}
.search-filters fieldset.search-dates{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:.2rem .5rem .5rem;flex:2 1 16rem}
.search-filters fieldset.search-dates legend{font-weight:600;padding:0 .2rem}
.search-filters fieldset.search-dates>div{flex:1 1 8rem;min-width:0}
.search-filters .search-actions{flex:0 0 auto;align-self:flex-end;display:flex;gap:.8rem;align-items:center;padding-bottom:.1rem}
.search-summary{margin:.3rem 0 .6rem}
@media (max-width:600px){.search-filters>div,.search-filters>fieldset,.search-filters .search-q{flex-basis:100%}.search-filters .search-actions{align-self:stretch}}
/* Issue 14: phones and accessibility. Rings on the red header keep the bright gold (palette.ts). */
.top :focus-visible{outline-color:${palette.focusOnHeader}}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
caption{text-align:left;font-weight:600;padding:.3rem 0}
.meta{grid-template-columns:max-content minmax(0,1fr)}.meta dd{overflow-wrap:anywhere}
/* The letter: on a desktop beside the facts and actions, on a phone first (it comes first in the page). */
@media (min-width:900px){.split>.letter{grid-column:2;grid-row:1}.split>.letter+div{grid-column:1;grid-row:1}}
.pdf-pages{display:grid;gap:.6rem}
.pdf-pages canvas{display:block;width:100%;height:auto;background:#fff;border:1px solid #d8dbe0;box-shadow:0 1px 3px rgba(0,0,0,.15)}
.pdf-status{margin:.3rem 0}
.pdf-download{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}
.sign-confirm .facts{font-size:1.05rem}
.sign-confirm .confirm-bar{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center}
/* The public verification page: the staff look, its verdict boxes, English under Vietnamese. */
.verify-page .en{color:#555;font-size:.95rem}
.verify-page .ok{background:#eaf6ea;border:1px solid #7a7;padding:.6rem;border-radius:4px}
.verify-page .bad{background:#fdeeee;border:1px solid #c77;padding:.6rem;border-radius:4px}
.verify-page code{word-break:break-all}
.verify-page table.facts th{width:35%}
@media (max-width:600px){
main{padding:.75rem .6rem}
/* Facts as label over value: a long e-mail address or name never pushes the page wider. */
.meta{grid-template-columns:minmax(0,1fr);gap:0}.meta dd{margin-bottom:.35rem}
/* Stacked tables: each row a block, each cell a line with its column's name before it. */
table.stack,table.stack tbody,table.stack caption{display:block;width:100%}
/* The row's name first (a person's name before their id, a letter's subject before its number). */
table.stack tr{display:flex;flex-direction:column}
table.stack td.stack-title{font-weight:600;order:-1}
/* Thumb-sized buttons in rows. */
button.small{padding:.45rem .8rem;font-size:.9rem}
table.stack td.stack-actions{padding-top:.4rem}
/* A long e-mail address breaks rather than widening the page (only here: desktop tables keep whole words). */
table.stack td{overflow-wrap:anywhere}
table.stack td .row-actions{margin-top:.2rem}
.table-wrap{overflow-x:visible}
.top{padding:.5rem .6rem}
.pdf{height:60vh}
.verify-page table.facts th,.verify-page table.facts td{display:block;width:auto;border:none;padding:.1rem .3rem}
.verify-page table.facts tr{display:block;border-bottom:1px solid #e1e3e6;padding:.3rem 0}
}
/* Feedback, history, drafts (issue 14) */
.button.small{padding:.2rem .5rem;font-size:.85rem}
.button.danger{background:#fff;color:#a11;border-color:#a11}
.return-note{border-left:6px solid #a11;background:#fff7f7}
.return-note h2{font-size:1.05rem;margin:0 0 .4rem}
.return-note blockquote{margin:0 0 .5rem;padding:.5rem .8rem;background:#fff;border:1px solid #e3b5b5;border-radius:4px;font-size:1.05rem}
.confirm-units{margin:.4rem 0 1rem;padding-left:1.2rem}
.confirm .actions{margin-top:.8rem}
.history-table td:first-child{width:10rem}
@media (max-width:600px){.history-table td:first-child{width:auto;font-weight:600}}
.urgent-card{border:2px solid #a11;background:#fff7f7}
.unanswered p{margin:.3rem 0}.unanswered.urgent p:first-child{color:#a11;font-weight:600}
.badge.failed{background:#f6c9c9;color:#5a0b0b}
`;
