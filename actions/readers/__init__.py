"""One reader per question of the sale, each in a module named after its slot: how its answer is found in a
message (`extract`), checked and normalised (`validate`), with the cue words it needs. The sale's forms
(`actions/sale/`) only decide which questions are still open and run these."""

from types import ModuleType

from actions.readers import (
    address_reference,
    company_name,
    customer_type,
    decline_reason,
    email,
    full_name,
    household_size,
    id_number,
    location,
    notify_on_coverage,
    order_confirmed,
    payment_method,
    phone,
    plan_decision,
    usage,
    usage_hours,
)

READERS: dict[str, ModuleType] = {
    reader.SLOT: reader
    for reader in (
        customer_type,
        full_name,
        phone,
        email,
        company_name,
        usage,
        usage_hours,
        household_size,
        location,
        address_reference,
        notify_on_coverage,
        plan_decision,
        decline_reason,
        id_number,
        payment_method,
        order_confirmed,
    )
}
