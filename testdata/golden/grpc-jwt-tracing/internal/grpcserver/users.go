package grpcserver

import (
	"context"
	"errors"
	"log/slog"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	paymentsv1 "github.com/acme/payments/gen/payments/v1"
	"github.com/acme/payments/internal/callinfo"
	"github.com/acme/payments/internal/users"
)

// userService is the gRPC face of users.Service; the HTTP handlers call the same
// Service, so both transports share one behaviour and one store.
type userService struct {
	paymentsv1.UnimplementedUserServiceServer
	users  *users.Service
	logger *slog.Logger
}

func (s *userService) GetUser(ctx context.Context, req *paymentsv1.GetUserRequest) (*paymentsv1.User, error) {
	u, err := s.users.Get(ctx, req.GetId())
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return toProto(u), nil
}

func (s *userService) CreateUser(ctx context.Context, req *paymentsv1.CreateUserRequest) (*paymentsv1.User, error) {
	u, err := s.users.Create(ctx, users.NewUser{Name: req.GetName(), Email: req.GetEmail()})
	if err != nil {
		return nil, s.status(ctx, err)
	}
	return toProto(u), nil
}

func (s *userService) DeleteUser(ctx context.Context, req *paymentsv1.DeleteUserRequest) (*emptypb.Empty, error) {
	if err := s.users.Delete(ctx, req.GetId()); err != nil {
		return nil, s.status(ctx, err)
	}
	return &emptypb.Empty{}, nil
}

// ListUsers streams users page by page, so that memory stays bounded however many
// there are.
func (s *userService) ListUsers(req *paymentsv1.ListUsersRequest, stream grpc.ServerStreamingServer[paymentsv1.User]) error {
	ctx := stream.Context()
	remaining := int(req.GetLimit())
	if remaining < 0 {
		return status.Error(codes.InvalidArgument, "limit must not be negative")
	}
	after := ""
	for {
		size := users.MaxPageSize
		if req.GetLimit() > 0 {
			size = min(size, remaining)
		}
		page, err := s.users.List(ctx, after, size)
		if err != nil {
			return s.status(ctx, err)
		}
		for _, u := range page {
			if err := stream.Send(toProto(u)); err != nil {
				return err
			}
		}
		remaining -= len(page)
		if len(page) < size || (req.GetLimit() > 0 && remaining == 0) {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// status maps the Service's errors to gRPC codes. Anything unexpected is logged and
// answered with a generic Internal error, so internals never reach the client.
func (s *userService) status(ctx context.Context, err error) error {
	var invalid *users.ValidationError
	switch {
	case errors.Is(err, users.ErrNotFound):
		return status.Error(codes.NotFound, err.Error())
	case errors.Is(err, users.ErrEmailTaken):
		return status.Error(codes.AlreadyExists, err.Error())
	case errors.As(err, &invalid):
		return status.Error(codes.InvalidArgument, err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return status.FromContextError(err).Err()
	}
	s.logger.ErrorContext(ctx, "users call failed", "error", err, "request_id", callinfo.RequestID(ctx))
	return status.Error(codes.Internal, "internal error")
}

func toProto(u users.User) *paymentsv1.User {
	return &paymentsv1.User{Id: u.ID, Name: u.Name, Email: u.Email, CreateTime: timestamppb.New(u.CreatedAt)}
}
