"""Trends: the maths, the signs worth noticing, the queries behind them, and the text and
HTML pages for kj trends and kj supervision."""
