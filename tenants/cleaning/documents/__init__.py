"""What cleaning puts on paper and on the public board: the standard form 小区消毒清洁记录表 (its
rows, PDF and XLSX), the 公示 sheet for an area's wall, the sheet of QR labels, and the words
they share (a plan's frequency, a task's method, a slot's state), each in the language of the
page or document that shows it."""
