"""The documents the forest-reclamation equations cite, by version, and the CO2/C unit."""

TOOL14 = "AR-TOOL14 v04.2"
TOOL12 = "AR-TOOL12 v03.1"
TOOL16 = "AR-TOOL16 v01.1.0"
TOOL08 = "AR-TOOL08 v04.0.0"
TOOL15 = "AR-TOOL15 v02.0"
ACM = "AR-ACM0003 v02.0"
K = "t CO2e / t C"


# --- AR-TOOL14: tree biomass of plots (Appendix 1) ---------------------------------------
