//! The five xianjincard operations and who calls whom.

use crate::model::Operation;
use crate::spec::Direction;

/// An xianjincard operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `User.isUserAccept`: admission filter (platform → partner).
    IsUserAccept,
    /// `BindCard.getValidBankList`: the partner's banks (platform → partner).
    GetValidBankList,
    /// `BindCard.applyBindCard`: send the SMS, then bind with the code (platform → partner).
    ApplyBindCard,
    /// `PartnerGate.Order.approveFeedback`: approval decision (partner → platform).
    ApproveFeedback,
    /// The bind-result callback returning `echo_data` (partner → platform); its `call` name is
    /// not documented and can be configured.
    BindResult,
}

impl Op {
    /// Every operation, in spec order.
    pub const ALL: [Op; 5] = [
        Op::IsUserAccept,
        Op::GetValidBankList,
        Op::ApplyBindCard,
        Op::ApproveFeedback,
        Op::BindResult,
    ];

    /// The operation name (the spec's `name`; the documented or default `call`).
    pub const fn name(self) -> &'static str {
        match self {
            Op::IsUserAccept => "User.isUserAccept",
            Op::GetValidBankList => "BindCard.getValidBankList",
            Op::ApplyBindCard => "BindCard.applyBindCard",
            Op::ApproveFeedback => "PartnerGate.Order.approveFeedback",
            Op::BindResult => "PartnerGate.Order.bindCardFeedback",
        }
    }

    /// The operation with this name.
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Who calls whom.
    pub const fn direction(self) -> Direction {
        match self {
            Op::IsUserAccept | Op::GetValidBankList | Op::ApplyBindCard => Direction::ProviderToPartner,
            Op::ApproveFeedback | Op::BindResult => Direction::PartnerToProvider,
        }
    }

    /// The unified operation.
    pub const fn unified(self) -> Operation {
        match self {
            Op::IsUserAccept => Operation::UserAdmission,
            Op::GetValidBankList => Operation::ListSupportedBanks,
            Op::ApplyBindCard => Operation::BindCardApply,
            Op::ApproveFeedback => Operation::ApprovalFeedback,
            Op::BindResult => Operation::BindResultNotification,
        }
    }

    /// The xianjincard operation for a unified one, if any. Confirming is applying again with
    /// the code.
    pub fn for_unified(operation: Operation) -> Option<Op> {
        if operation == Operation::BindCardConfirm {
            return Some(Op::ApplyBindCard);
        }
        Op::ALL.into_iter().find(|op| op.unified() == operation)
    }
}
