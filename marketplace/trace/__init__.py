"""Truy xuất nguồn gốc (traceability, TCVN 12850:2019 / GS1 Global Traceability Standard).

A producer records **batches** (lô) of a product, the value chain records **events** in the
EPCIS 2.0 vocabulary (commissioning → packing → shipping → receiving → retail_selling, ...),
and each unit carries a **stamp** (tem) whose QR code is a GS1 Digital Link style URL on the
store's host. A phone that scans it opens the public trace page with the minimum data of
Circular 02/2024/TT-BKHCN; every scan is counted, and a stamp scanned too often after its
retail sale is flagged as a possible copy.

Other domains call ``services.record_event`` (orders: shipping/receiving of a parcel;
outlets: receiving of a restock) inside their own transaction.
"""
from flask import Blueprint

bp = Blueprint("trace", __name__)

from . import views  # noqa: E402,F401
