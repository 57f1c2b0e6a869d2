"""Sample inputs shared by the storage tests."""

def manual(name="山田 太郎", birth="1990-04-01", **overrides):
    record = {
        "name": name,
        "postal_code": "942-1526",
        "address": "1-2-3",
        "birth_date": birth,
        "email": "taro@example.jp",
        "phone": "090-1234-5678",
    }
    record.update(overrides)
    return record
