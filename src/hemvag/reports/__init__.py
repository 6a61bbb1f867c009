"""Statistics a committee can trust: measures with definitions, disclosure control, dashboards and the annual
activity report. Reads case data only through cases.queries and people.queries."""
