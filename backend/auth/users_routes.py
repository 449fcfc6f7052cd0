"""Staff accounts, managed by admins (supervisors may list them to reassign conversations)."""

from fastapi import APIRouter, status

from backend.audit import service as audit
from backend.auth import service as user_service
from backend.auth.models import User
from backend.auth.schemas import UserCreate, UserPublic, UserUpdate
from backend.deps import Admin, SessionDep, SessionRoute, Supervisor
from backend.errors import DomainError, NotFound

router = APIRouter(route_class=SessionRoute, prefix="/users", tags=["users"])


@router.get("")
def list_users(db: SessionDep, _user: Supervisor) -> list[UserPublic]:
    """Every staff account."""
    return [UserPublic.model_validate(user) for user in user_service.list_users(db=db)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_user(data: UserCreate, db: SessionDep, admin: Admin) -> UserPublic:
    """Open an account for a member of staff."""
    if user_service.get_by_email(db=db, email=data.email) is not None:
        raise DomainError(f"Ya existe una cuenta con el correo {data.email}")
    user_service.check_password(data.password)
    user = user_service.create(
        db=db, email=data.email, full_name=data.full_name, password=data.password, role=data.role, cities=data.cities
    )
    audit.record(db=db, actor=admin, action="user.create", subject=f"user:{user.id}", role=user.role)
    return UserPublic.model_validate(user)


@router.patch("/{user_id}")
def update_user(user_id: int, data: UserUpdate, db: SessionDep, admin: Admin) -> UserPublic:
    """Change a member of staff's name, password, role or whether they can log in."""
    user = db.get(User, user_id)
    if user is None:
        raise NotFound(f"No existe el usuario {user_id}")
    if user.id == admin.id and (data.is_active is False or (data.role and data.role != user.role)):
        raise DomainError("No puedes desactivar tu propia cuenta ni quitarte el rol de administrador")
    if data.password is not None:
        user_service.check_password(data.password)
    user_service.update(db=db, user=user, **data.model_dump(exclude_unset=True))
    fields = sorted(name for name in data.model_dump(exclude_unset=True) if name != "password")
    audit.record(
        db=db,
        actor=admin,
        action="user.update",
        subject=f"user:{user.id}",
        fields=fields,
        password_changed=data.password is not None,
    )
    return UserPublic.model_validate(user)
