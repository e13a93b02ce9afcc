"""Trends: the maths, the signs worth noticing and their rules, the queries behind them,
the report services, where to turn (kj support), and the text and HTML pages for
kj trends and kj supervision."""
