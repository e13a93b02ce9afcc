"""Revalidation and CPD: regulator profiles, records, progress and the portfolio."""
