"""Recording a real tenant, reporting drift, and cloning a tenant from its recordings (issue #11).

* :mod:`.proxy`: ``lms-emulator record``, a reverse proxy that forwards to the vendor and writes each
  exchange as an interaction of the project's own cassettes (:mod:`.writer`), with secrets removed
  (:mod:`.secrets`) and personal data replaced by consistent fakes (:mod:`.scrub`).
* :mod:`.drift`: ``lms-emulator drift``, every recorded request replayed against a fresh emulator
  tenant, compared on what a client relies on (:mod:`.compare`), reported (:mod:`.report`), with the
  tenant switch that would make the emulator match (:mod:`.switches`).
* :mod:`.clone`: a tenant's state built from the objects seen in recorded responses (each vendor's
  mapping lives in ``emulator/vendors/<v>/clone.py``).
"""
