"""The look kj's printable pages share (the trends page and the HTML export): one
stylesheet, inline, so every page opens the same with no network and prints cleanly."""

PAGE_STYLE = """
body { font-family: system-ui, sans-serif; color: #1d2430; background: #fff;
       max-width: 780px; margin: 24px auto; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.muted { color: #5a6270; font-weight: normal; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { text-align: left; padding: 3px 10px 3px 0; } td.num { text-align: right; }
.signpost { border: 1px solid #c9ced6; border-radius: 6px; padding: 8px 16px;
            background: #f7f8fa; }
@media print { body { margin: 0; } figure { break-inside: avoid; } }
"""
