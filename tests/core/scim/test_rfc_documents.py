import json

from emulator.core.scim.schema import RFC_DOCUMENTS, generate_rfc_documents


def test_shipped_rfc_schema_documents_equal_what_scim2_models_generates():
    # regenerate with: python -c "from emulator.core.scim.schema import *; ..." (see generate_rfc_documents)
    assert json.loads(RFC_DOCUMENTS.read_text()) == generate_rfc_documents()
