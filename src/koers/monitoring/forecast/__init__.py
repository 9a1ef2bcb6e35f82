"""Vooruitblik: forecasts of TLV's, participation and funded pupils from the monitoring registers (ADR 0026).

It reads monitoring data; reports and the finance app may read it, not the other way round. The interface for the
afdrachten is :func:`koers.monitoring.forecast.series.expected_funded_pupils`.
"""
