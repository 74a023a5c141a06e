# Django's zh_Hans MONTH_DAY_FORMAT is "m月j日" (06月26日); a month is written without the zero: 6月26日.
MONTH_DAY_FORMAT = "n月j日"
