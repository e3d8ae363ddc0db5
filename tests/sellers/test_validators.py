import pytest
from django.core.exceptions import ValidationError

from sellers.validators import gstin_checksum, validate_gstin, validate_iec

VALID = "27AAPFU0939F1ZV"  # Maharashtra; a widely published valid example


def test_valid_gstin_passes():
    validate_gstin(VALID)
    validate_gstin(VALID.lower(), state_iso_code="IN-MH")
    validate_gstin("09AAACH7409R1ZZ", state_iso_code="IN-UP")


def test_bad_checksum_is_refused_with_the_expected_character():
    bad = VALID[:14] + ("A" if VALID[14] != "A" else "B")
    with pytest.raises(ValidationError) as info:
        validate_gstin(bad)
    assert info.value.code == "gstin_checksum"
    assert "should be V" in info.value.messages[0]


def test_wrong_state_for_the_district_is_refused():
    with pytest.raises(ValidationError) as info:
        validate_gstin(VALID, state_iso_code="IN-UP")
    assert info.value.code == "gstin_state_mismatch"


def test_unknown_state_code_is_refused():
    first14 = "99AAPFU0939F1Z"
    with pytest.raises(ValidationError) as info:
        validate_gstin(first14 + gstin_checksum(first14))
    assert info.value.code == "gstin_state"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("27AAPFU0939F1Z", "gstin_length"),
        ("27AAPFU0939F1ZVX", "gstin_length"),
        ("2XAAPFU0939F1ZV", "gstin_format"),
        ("27AAPFU0939F1YV", "gstin_format"),
        ("27AAP<U0939F1ZV", "gstin_format"),
    ],
)
def test_bad_format_is_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as info:
        validate_gstin(value)
    assert info.value.code == code
    assert info.value.messages[0]


@pytest.mark.parametrize("value", ["AAPFU0939F", "aapfu0939f", "0123456789"])
def test_valid_iec(value):
    validate_iec(value)


@pytest.mark.parametrize("value", ["", "AAPFU0939", "12345", "AAPFU0939FF", "AAPF10939F"])
def test_bad_iec_is_refused(value):
    with pytest.raises(ValidationError) as info:
        validate_iec(value)
    assert "10 characters" in info.value.messages[0]
