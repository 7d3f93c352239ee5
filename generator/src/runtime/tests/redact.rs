use crate::runtime::redact::{optional, Redacted, REDACTED};

#[test]
fn a_secret_prints_as_redacted_and_only_its_presence_shows() {
    assert_eq!(format!("{:?}", Redacted), REDACTED);
    assert_eq!(format!("{:?}", optional(&Some("hunter2"))), format!("Some({REDACTED})"));
    assert_eq!(format!("{:?}", optional::<String>(&None)), "None");
    assert!(!format!("{:#?}", optional(&Some("hunter2"))).contains("hunter2"));
}
