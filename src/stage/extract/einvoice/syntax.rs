//! Where each e-invoice syntax puts the business terms claimdrop reads, as data.
//!
//! A path is the chain of element local names from the root: prefixes and the namespaces of
//! inner elements vary between producers, the chain does not (it is the schema). The root is
//! recognised by its local name and its namespace together, so an ERP's own `<Invoice>` export
//! is not taken for UBL. Adding a syntax adds a table here, not code.

/// A chain of element local names below the root.
pub(super) type Path = &'static [&'static str];

/// The family a syntax belongs to, which names it in `documents.csv` when nothing more
/// precise (an XRechnung guideline, the PDF it came in) says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Family {
    Ubl,
    Cii,
    /// ZUGFeRD 1.0's `CrossIndustryDocument`, the forerunner of CII.
    Zugferd1,
}

pub(super) struct Syntax {
    pub root: &'static str,
    /// A piece of the root's namespace URI that only this syntax has.
    pub namespace: &'static str,
    pub family: Family,
    /// UBL's `CreditNote` is a credit by its root, whatever its type code.
    pub credit_by_root: bool,
    pub number: Path,
    pub type_code: Path,
    pub issue_date: Path,
    pub currency: Path,
    /// BT-112, the invoice total with VAT.
    pub grand_total: Path,
    /// BT-27 seller name (legal registration name), then BT-28 trading name.
    pub seller: &'static [Path],
    /// The specification identifier (BT-24), which tells XRechnung and Peppol apart.
    pub guideline: &'static [Path],
    /// Buyer reference, order, contract, project and other document references (BT-10..19).
    pub references: &'static [Path],
    pub notes: &'static [Path],
}

const UBL_REFERENCES: &[Path] = &[
    &["BuyerReference"],
    &["OrderReference", "ID"],
    &["OrderReference", "SalesOrderID"],
    &["ContractDocumentReference", "ID"],
    &["ProjectReference", "ID"],
    &["AdditionalDocumentReference", "ID"],
    &["OriginatorDocumentReference", "ID"],
    &["DespatchDocumentReference", "ID"],
    &["ReceiptDocumentReference", "ID"],
    &["AccountingCost"],
    &["PaymentMeans", "PaymentID"],
];

const UBL_SELLER: &[Path] = &[
    &[
        "AccountingSupplierParty",
        "Party",
        "PartyLegalEntity",
        "RegistrationName",
    ],
    &["AccountingSupplierParty", "Party", "PartyName", "Name"],
];

pub(super) const UBL_INVOICE: Syntax = Syntax {
    root: "Invoice",
    namespace: "ubl:schema:xsd:Invoice-2",
    family: Family::Ubl,
    credit_by_root: false,
    number: &["ID"],
    type_code: &["InvoiceTypeCode"],
    issue_date: &["IssueDate"],
    currency: &["DocumentCurrencyCode"],
    grand_total: &["LegalMonetaryTotal", "TaxInclusiveAmount"],
    seller: UBL_SELLER,
    guideline: &[&["CustomizationID"], &["ProfileID"]],
    references: UBL_REFERENCES,
    notes: &[&["Note"]],
};

pub(super) const UBL_CREDIT_NOTE: Syntax = Syntax {
    root: "CreditNote",
    namespace: "ubl:schema:xsd:CreditNote-2",
    credit_by_root: true,
    type_code: &["CreditNoteTypeCode"],
    ..UBL_INVOICE
};

const CII_AGREEMENT: &str = "ApplicableHeaderTradeAgreement";
const CII_SETTLEMENT: &str = "ApplicableHeaderTradeSettlement";
const CII_TRADE: &str = "SupplyChainTradeTransaction";

pub(super) const CII: Syntax = Syntax {
    root: "CrossIndustryInvoice",
    namespace: "CrossIndustryInvoice",
    family: Family::Cii,
    credit_by_root: false,
    number: &["ExchangedDocument", "ID"],
    type_code: &["ExchangedDocument", "TypeCode"],
    issue_date: &["ExchangedDocument", "IssueDateTime", "DateTimeString"],
    currency: &[CII_TRADE, CII_SETTLEMENT, "InvoiceCurrencyCode"],
    grand_total: &[
        CII_TRADE,
        CII_SETTLEMENT,
        "SpecifiedTradeSettlementHeaderMonetarySummation",
        "GrandTotalAmount",
    ],
    seller: &[
        &[CII_TRADE, CII_AGREEMENT, "SellerTradeParty", "Name"],
        &[
            CII_TRADE,
            CII_AGREEMENT,
            "SellerTradeParty",
            "SpecifiedLegalOrganization",
            "TradingBusinessName",
        ],
    ],
    guideline: &[&[
        "ExchangedDocumentContext",
        "GuidelineSpecifiedDocumentContextParameter",
        "ID",
    ]],
    references: &[
        &[CII_TRADE, CII_AGREEMENT, "BuyerReference"],
        &[
            CII_TRADE,
            CII_AGREEMENT,
            "BuyerOrderReferencedDocument",
            "IssuerAssignedID",
        ],
        &[
            CII_TRADE,
            CII_AGREEMENT,
            "SellerOrderReferencedDocument",
            "IssuerAssignedID",
        ],
        &[
            CII_TRADE,
            CII_AGREEMENT,
            "ContractReferencedDocument",
            "IssuerAssignedID",
        ],
        &[CII_TRADE, CII_AGREEMENT, "SpecifiedProcuringProject", "ID"],
        &[
            CII_TRADE,
            CII_AGREEMENT,
            "SpecifiedProcuringProject",
            "Name",
        ],
        &[
            CII_TRADE,
            CII_AGREEMENT,
            "AdditionalReferencedDocument",
            "IssuerAssignedID",
        ],
        &[
            CII_TRADE,
            "ApplicableHeaderTradeDelivery",
            "DespatchAdviceReferencedDocument",
            "IssuerAssignedID",
        ],
        &[
            CII_TRADE,
            "ApplicableHeaderTradeDelivery",
            "ReceivingAdviceReferencedDocument",
            "IssuerAssignedID",
        ],
        &[CII_TRADE, CII_SETTLEMENT, "PaymentReference"],
        &[
            CII_TRADE,
            CII_SETTLEMENT,
            "ReceivableSpecifiedTradeAccountingAccount",
            "ID",
        ],
    ],
    notes: &[&["ExchangedDocument", "IncludedNote", "Content"]],
};

const ZF1_AGREEMENT: &str = "ApplicableSupplyChainTradeAgreement";
const ZF1_SETTLEMENT: &str = "ApplicableSupplyChainTradeSettlement";
const ZF1_TRADE: &str = "SpecifiedSupplyChainTradeTransaction";

pub(super) const ZUGFERD1: Syntax = Syntax {
    root: "CrossIndustryDocument",
    namespace: "CrossIndustryDocument",
    family: Family::Zugferd1,
    credit_by_root: false,
    number: &["HeaderExchangedDocument", "ID"],
    type_code: &["HeaderExchangedDocument", "TypeCode"],
    issue_date: &["HeaderExchangedDocument", "IssueDateTime", "DateTimeString"],
    currency: &[ZF1_TRADE, ZF1_SETTLEMENT, "InvoiceCurrencyCode"],
    grand_total: &[
        ZF1_TRADE,
        ZF1_SETTLEMENT,
        "SpecifiedTradeSettlementMonetarySummation",
        "GrandTotalAmount",
    ],
    seller: &[&[ZF1_TRADE, ZF1_AGREEMENT, "SellerTradeParty", "Name"]],
    guideline: &[&[
        "SpecifiedExchangedDocumentContext",
        "GuidelineSpecifiedDocumentContextParameter",
        "ID",
    ]],
    references: &[
        &[ZF1_TRADE, ZF1_AGREEMENT, "BuyerReference"],
        &[
            ZF1_TRADE,
            ZF1_AGREEMENT,
            "BuyerOrderReferencedDocument",
            "ID",
        ],
        &[ZF1_TRADE, ZF1_AGREEMENT, "ContractReferencedDocument", "ID"],
        &[
            ZF1_TRADE,
            ZF1_AGREEMENT,
            "AdditionalReferencedDocument",
            "ID",
        ],
        &[
            ZF1_TRADE,
            "ApplicableSupplyChainTradeDelivery",
            "DeliveryNoteReferencedDocument",
            "ID",
        ],
        &[ZF1_TRADE, ZF1_SETTLEMENT, "PaymentReference"],
    ],
    notes: &[&["HeaderExchangedDocument", "IncludedNote", "Content"]],
};

pub(super) const ALL: [&Syntax; 4] = [&UBL_INVOICE, &UBL_CREDIT_NOTE, &CII, &ZUGFERD1];

/// UNTDID 1001 document types that are credits (EN 16931 BT-3): their totals reduce what is
/// owed. 381 is the credit note; the others are its self-billed, factored, corrective and
/// prepayment forms.
pub(super) const CREDIT_TYPE_CODES: &[&str] = &[
    "81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532",
];
