"""Demo data: a Thái Nguyên OCOP catalogue for trying the store."""
