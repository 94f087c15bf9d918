-- SuperOffice SaveConsentPerson saves ConsentPersons with "ConsentPurpose": null; the purpose becomes optional.
ALTER TABLE consent_persons ALTER COLUMN purpose_id DROP NOT NULL;
