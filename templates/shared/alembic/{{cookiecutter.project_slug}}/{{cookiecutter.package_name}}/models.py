"""The tables, declared once: the app queries them and `alembic revision --autogenerate` compares them."""

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Item(Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name}
